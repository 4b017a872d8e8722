package dev.capnweb.internal.codec;

import java.util.List;

/**
 * A reference expression found in a message: the parts of the wire that name capabilities
 * rather than carry plain values. The reader leaves these in the parsed value (recorded in
 * {@link Parsed#refs()}) for the session to resolve; the writer prints them as they are.
 */
public sealed interface WireRef {
    /**
     * {@code ["import", id, path?, args?]} or {@code ["pipeline", id, path?, args?]}: a reference
     * to the receiver's own export {@code id}.
     *
     * @param pipeline true for {@code pipeline} (awaited before delivery), false for {@code import}
     * @param id       the receiver's export ID
     * @param path     property path (String or Long elements), or null when absent
     * @param args     call arguments (their own refs recorded inside), or null for no call
     */
    record Import(boolean pipeline, long id, List<Object> path, Parsed args) implements WireRef {
    }

    /** {@code ["export", id]}: the sender exports a stub. @param id the sender's (negative) export ID */
    record Export(long id) implements WireRef {
    }

    /** {@code ["promise", id]}: the sender exports a promise. @param id the sender's export ID */
    record Promise(long id) implements WireRef {
    }

    /** {@code ["writable", id]}: the sender exports a WritableStream. @param id the export ID */
    record Writable(long id) implements WireRef {
    }

    /** {@code ["readable", id]}: the readable end of the sender's earlier pipe. @param id the pipe's import ID */
    record Readable(long id) implements WireRef {
    }

    /**
     * {@code ["blob", type, content]}.
     *
     * @param type    MIME type, possibly empty
     * @param content the content expression (normally a {@link Readable})
     */
    record Blob(String type, Parsed content) implements WireRef {
    }

    /**
     * {@code ["remap", id, path, captures, instructions]}.
     *
     * @param id               the subject: the receiver's export ID
     * @param path             property path on the subject
     * @param captures         the captures, in order
     * @param instructionsJson the instruction list as raw JSON text (it is evaluated per element)
     */
    record Remap(long id, List<Object> path, List<Capture> captures, String instructionsJson) implements WireRef {
    }

    /**
     * One remap capture: {@code ["import", id]} or {@code ["export", id]}.
     *
     * @param export true for {@code export} (a stub the sender exports now)
     * @param id     the ID
     */
    record Capture(boolean export, long id) {
    }
}
