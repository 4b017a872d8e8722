package dev.capnweb.ws;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextMessagesTest {
    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer bytes(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = (byte) b[i];
        }
        return ByteBuffer.wrap(a);
    }

    @Test
    void aSingleFrameBecomesItsString() throws Exception {
        TextMessages t = new TextMessages(100);
        assertThat(t.accept(utf8("[\"pull\",1]"), true)).isEqualTo("[\"pull\",1]");
        assertThat(t.accept(utf8("héllo, 世界 😀"), true)).isEqualTo("héllo, 世界 😀");
        assertThat(t.accept(ByteBuffer.allocate(0), true)).isEmpty();
    }

    @Test
    void thePayloadIsReadNotConsumed() throws Exception {
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put("abc".getBytes(StandardCharsets.US_ASCII)).flip();
        assertThat(new TextMessages(100).accept(direct, true)).isEqualTo("abc");
        assertThat(direct.remaining()).isEqualTo(3);
    }

    @Test
    void partsAreJoinedEvenWhenACharacterIsSplitBetweenThem() throws Exception {
        TextMessages t = new TextMessages(100);
        byte[] all = "a😀é世".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < all.length - 1; i++) {
            assertThat(t.accept(ByteBuffer.wrap(all, i, 1), false)).isNull();
        }
        assertThat(t.accept(ByteBuffer.wrap(all, all.length - 1, 1), true)).isEqualTo("a😀é世");
        assertThat(t.accept(utf8("next"), true)).isEqualTo("next");
    }

    @Test
    void theLimitCountsUtf16Units() throws Exception {
        // 😀 is 4 bytes and 2 units; 世 is 3 bytes and 1 unit.
        assertThat(new TextMessages(10).accept(utf8("😀😀😀😀😀"), true)).hasSize(10);
        assertThatThrownBy(() -> new TextMessages(9).accept(utf8("😀😀😀😀😀"), true)).isInstanceOf(TextMessages.TooLarge.class);
        assertThat(new TextMessages(3).accept(utf8("世世世"), true)).isEqualTo("世世世");
        assertThatThrownBy(() -> new TextMessages(3).accept(utf8("世世世a"), true)).isInstanceOf(TextMessages.TooLarge.class);
    }

    @Test
    void anOversizedMessageIsRefusedBeforeItsLastPart() throws Exception {
        TextMessages t = new TextMessages(1000);
        assertThat(t.accept(utf8("x".repeat(600)), false)).isNull();
        assertThatThrownBy(() -> t.accept(utf8("x".repeat(600)), false)).isInstanceOf(TextMessages.TooLarge.class);
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        TextMessages t = new TextMessages(100);
        assertThatThrownBy(() -> t.accept(bytes(0xC3, 0x28), true)).isInstanceOf(CharacterCodingException.class);
        // An encoded surrogate (CESU-8) and a truncated sequence are not UTF-8 either.
        assertThatThrownBy(() -> t.accept(bytes(0xED, 0xA0, 0x80), true)).isInstanceOf(CharacterCodingException.class);
        assertThatThrownBy(() -> t.accept(bytes('a', 0xE4, 0xB8), true)).isInstanceOf(CharacterCodingException.class);
        assertThat(t.accept(utf8("fine"), true)).isEqualTo("fine");
    }

    @Test
    void aBigMessageDoesNotKeepItsBuffer() throws Exception {
        TextMessages t = new TextMessages(1 << 20);
        String big = "y".repeat(100_000);
        assertThat(t.accept(utf8(big), true)).isEqualTo(big);
        assertThat(t.accept(utf8("small"), true)).isEqualTo("small");
    }
}
