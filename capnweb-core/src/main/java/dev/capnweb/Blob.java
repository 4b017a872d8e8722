package dev.capnweb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A JavaScript {@code Blob}: bytes with a MIME type. On the wire its bytes travel over a pipe
 * ({@code ["blob", type, ["readable", id]]}), and a message holding one is delivered only once the
 * whole blob has arrived, as in the reference.
 *
 * @param type  the MIME type, {@code ""} when none
 * @param bytes the content
 */
public record Blob(String type, byte[] bytes) {
    /** Checks for nulls. */
    public Blob {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bytes, "bytes");
    }

    /**
     * @param text the content, encoded as UTF-8
     * @param type the MIME type
     * @return a blob holding {@code text}
     */
    public static Blob ofText(String text, String type) {
        return new Blob(type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the content decoded as UTF-8 */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** @return the size in bytes */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b && b.type.equals(type) && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Blob[" + (type.isEmpty() ? "no type" : type) + ", " + bytes.length + " bytes]";
    }
}
