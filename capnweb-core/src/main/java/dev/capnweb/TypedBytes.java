package dev.capnweb;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Bytes that carry a JavaScript container type ({@code ["bytes", b64, type]} on the wire), such
 * as {@code "ArrayBuffer"} or {@code "Int16Array"}. Plain {@code byte[]} values travel without a
 * type and arrive as a TypeScript {@code Uint8Array}; use this record when a TypeScript peer must
 * receive another container, or to keep the marker through a round trip. Multi-byte elements
 * are little-endian.
 *
 * @param type  the JavaScript type name, one of {@link #TYPES}
 * @param bytes the raw bytes, a whole number of elements long
 */
public record TypedBytes(String type, byte[] bytes) {
    /** The type names the wire accepts. */
    public static final Set<String> TYPES = Set.of("ArrayBuffer", "DataView", "Int8Array", "Uint8Array",
            "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "BigInt64Array",
            "BigUint64Array", "Float32Array", "Float64Array");

    /**
     * Checks the type and the length.
     *
     * @throws IllegalArgumentException for an unknown type or a length that is not a whole
     *                                  number of elements
     */
    public TypedBytes {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bytes, "bytes");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("Unknown bytes type marker: " + type);
        }
        int size = elementSize(type);
        if (bytes.length % size != 0) {
            throw new IllegalArgumentException(
                    "Invalid byte length " + bytes.length + " for " + type + "; expected a multiple of " + size);
        }
    }

    /**
     * The element size in bytes of a JavaScript byte container type.
     *
     * @param type a name from {@link #TYPES}
     * @return 1, 2, 4 or 8
     */
    public static int elementSize(String type) {
        switch (type) {
            case "Int16Array":
            case "Uint16Array":
                return 2;
            case "Int32Array":
            case "Uint32Array":
            case "Float32Array":
                return 4;
            case "BigInt64Array":
            case "BigUint64Array":
            case "Float64Array":
                return 8;
            default:
                return 1;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypedBytes t && t.type.equals(type) && Arrays.equals(t.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TypedBytes[" + type + ", " + bytes.length + " bytes]";
    }
}
