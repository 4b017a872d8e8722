package dev.capnweb.ws;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Joins the parts of one WebSocket text message, checks them as strict UTF-8 and counts them in
 * UTF-16 code units (as the reference counts its limit) while they arrive, so that an oversized
 * message is refused before it is all in memory. One per connection, fed from one thread at a time.
 *
 * <p>This replaces Jetty's text aggregation, which allocated an input-buffer-sized builder for
 * every message and decoded byte by byte: most messages are ASCII, and become a string in one copy.
 */
final class TextMessages {
    /** The message exceeds the limit (the connection takes nothing more after it). */
    static final class TooLarge extends Exception {
        private TooLarge() {
            super(null, null, false, false);
        }
    }

    private static final TooLarge TOO_LARGE = new TooLarge();
    /** A buffer that grew past this for a big message is dropped after it, not kept per connection. */
    private static final int KEPT_BUFFER = 4096;

    private final int maxUnits;
    /** Made on the first message that is not ASCII: an idle connection should cost little. */
    private CharsetDecoder strict;
    private byte[] bytes = new byte[0];
    private int length;
    private long units;
    private boolean nonAscii;

    /** @param maxUnits the largest message accepted, in UTF-16 code units */
    TextMessages(int maxUnits) {
        this.maxUnits = maxUnits;
    }

    /**
     * Takes one part of a text message (the payload is read, not consumed).
     *
     * @return the whole message when {@code last}, else null
     * @throws TooLarge                 when the message so far exceeds the limit
     * @throws CharacterCodingException when the finished message is not valid UTF-8
     */
    String accept(ByteBuffer payload, boolean last) throws TooLarge, CharacterCodingException {
        int n = payload == null ? 0 : payload.remaining();
        // Valid UTF-8 takes at most 3 bytes per UTF-16 unit, so more bytes than that is too large.
        if ((long) length + n > 3L * maxUnits) {
            reset();
            throw TOO_LARGE;
        }
        if (length + n > bytes.length) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, 3L * maxUnits);
            byte[] grown = new byte[Math.max(length + n, Math.min(Math.max(2 * bytes.length, 256), cap))];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
        if (n > 0) {
            payload.get(payload.position(), bytes, length, n);
        }
        long u = units;
        boolean high = nonAscii;
        for (int i = length, end = length + n; i < end; i++) {
            byte b = bytes[i];
            if (b >= 0) {
                u++;
            } else {
                high = true;
                // A lead byte starts a character (one unit, two for a 4-byte sequence); continuation
                // bytes add none. Exact for valid UTF-8; invalid input fails decoding anyway.
                if ((b & 0xC0) != 0x80) {
                    u += (b & 0xF8) == 0xF0 ? 2 : 1;
                }
            }
        }
        length += n;
        units = u;
        nonAscii = high;
        if (u > maxUnits) {
            reset();
            throw TOO_LARGE;
        }
        if (!last) {
            return null;
        }
        try {
            return high ? decoder().decode(ByteBuffer.wrap(bytes, 0, length)).toString()
                    : new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        } finally {
            reset();
        }
    }

    private CharsetDecoder decoder() {
        if (strict == null) {
            strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        return strict.reset();
    }

    private void reset() {
        length = 0;
        units = 0;
        nonAscii = false;
        if (bytes.length > KEPT_BUFFER) {
            bytes = new byte[0];
        }
    }
}
