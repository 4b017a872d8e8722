package dev.capnweb.webtransport;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The line framing: one UTF-8 message per line, the limit checked while a line is buffered. */
class LineReaderTest {
    /** Hands out its bytes a few at a time, as a network stream does. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void linesSplitAcrossReadsAndMultiByteCharactersSurvive() throws Exception {
        byte[] bytes = "[\"a\u00e9\u4e16\ud83d\ude00\"]\n[1]\n\n".getBytes(StandardCharsets.UTF_8);
        for (int step = 1; step <= 7; step++) {
            LineReader r = new LineReader(trickle(bytes, step), 1000);
            assertThat(r.next()).isEqualTo("[\"a\u00e9\u4e16\ud83d\ude00\"]");
            assertThat(r.next()).isEqualTo("[1]");
            assertThat(r.next()).isEmpty();
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void anUnterminatedLastLineIsNotAMessage() throws Exception {
        LineReader r = new LineReader(new ByteArrayInputStream("[1]\n[2".getBytes(StandardCharsets.UTF_8)), 100);
        assertThat(r.next()).isEqualTo("[1]");
        assertThat(r.next()).isNull();
    }

    @Test
    void theLimitIsCheckedBeforeTheLineEnds() throws Exception {
        byte[] endless = new byte[1 << 20];
        java.util.Arrays.fill(endless, (byte) 'x');
        LineReader r = new LineReader(new ByteArrayInputStream(endless), 1000);
        assertThatThrownBy(r::next).isInstanceOf(LineReader.TooLong.class)
                .hasMessage("Incoming message exceeds maximum size of 1000 bytes.");
        LineReader exact = new LineReader(new ByteArrayInputStream(("x".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8)), 1000);
        assertThat(exact.next()).hasSize(1000);
    }

    @Test
    void invalidUtf8IsRefused() {
        LineReader r = new LineReader(new ByteArrayInputStream(new byte[] {'"', (byte) 0xc3, '"', '\n'}), 100);
        assertThatThrownBy(r::next).isInstanceOf(CharacterCodingException.class);
    }
}
