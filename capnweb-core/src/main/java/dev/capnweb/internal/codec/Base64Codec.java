package dev.capnweb.internal.codec;

import java.util.Arrays;
import java.util.Base64;

/**
 * Base64 as the reference uses it: standard alphabet without padding when writing; when reading,
 * as lenient as Node's {@code Buffer.from(s, "base64")} (padding optional, URL-safe characters
 * accepted, other characters skipped).
 */
final class Base64Codec {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private Base64Codec() {
    }

    static String encode(byte[] bytes, int offset, int length) {
        if (offset == 0 && length == bytes.length) {
            return ENCODER.encodeToString(bytes);
        }
        byte[] slice = new byte[length];
        System.arraycopy(bytes, offset, slice, 0, length);
        return ENCODER.encodeToString(slice);
    }

    static byte[] decode(String s) {
        int n = s.length();
        byte[] out = new byte[n / 4 * 3 + 3];
        int length = 0;
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '=') {
                break;
            }
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                continue;
            }
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[length++] = (byte) (buffer >> bits);
            }
        }
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /** Each ASCII character's 6-bit value, or -1 for a character that is skipped. */
    private static final byte[] VALUES = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            VALUES[c] = (byte) value((char) c);
        }
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+' || c == '-') {
            return 62;
        }
        if (c == '/' || c == '_') {
            return 63;
        }
        return -1;
    }
}
