package dev.capnweb.webtransport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into messages: one UTF-8 JSON message per line, each ending in {@code \n}
 * (JSON text never holds a raw newline). The size limit is checked while a line is buffered, so
 * an endless line costs at most the limit.
 */
final class LineReader {
    /** A line longer than the limit. */
    static final class TooLong extends IOException {
        TooLong(int limit) {
            super("Incoming message exceeds maximum size of " + limit + " bytes.");
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] chunk = new byte[16 * 1024];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private int lineLen;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * @return the next message, or null at the end of the stream (a trailing unterminated line is
     *         not a message and is dropped)
     * @throws TooLong                  when a line passes the limit
     * @throws CharacterCodingException when a line is not valid UTF-8
     * @throws IOException              when reading fails
     */
    String next() throws IOException {
        while (true) {
            for (int i = chunkPos; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    append(chunkPos, i);
                    chunkPos = i + 1;
                    String message = decode();
                    lineLen = 0;
                    return message;
                }
            }
            append(chunkPos, chunkEnd);
            chunkPos = 0;
            chunkEnd = in.read(chunk);
            if (chunkEnd < 0) {
                chunkEnd = 0;
                return null;
            }
        }
    }

    /** @return false at the end of the stream; otherwise discards one buffer of input */
    boolean skip() throws IOException {
        chunkPos = 0;
        chunkEnd = 0;
        lineLen = 0;
        return in.read(chunk) >= 0;
    }

    private void append(int from, int to) throws TooLong {
        int n = to - from;
        if (lineLen + n > maxBytes) {
            throw new TooLong(maxBytes);
        }
        if (lineLen + n > line.length) {
            line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(line.length * 2, lineLen + n)));
        }
        System.arraycopy(chunk, from, line, lineLen, n);
        lineLen += n;
    }

    private String decode() throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(line, 0, lineLen))
                .toString();
    }
}
