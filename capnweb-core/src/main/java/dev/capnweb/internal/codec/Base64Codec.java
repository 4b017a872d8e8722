package dev.capnweb.internal.codec;

import java.util.Arrays;
import java.util.Base64;

/**
 * Base64 as the reference uses it: standard alphabet without padding when writing. When reading,
 * the rules of {@code Uint8Array.fromBase64} with its default options, which the reference uses
 * wherever Node's {@code Buffer} is absent (browsers, Workers; capnweb 0.12.0 src/serialize.ts):
 * ASCII whitespace is skipped, padding is optional but must be right when present, and any other
 * character is refused with V8's {@code SyntaxError} text. (Node's {@code Buffer.from} skips
 * whatever it does not know; a strict reader refuses nothing a reference serializer sends.)
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

    static final String BAD_CHARACTER = "Found a character that cannot be part of a valid base64 string.";
    static final String SINGLE_CHARACTER =
            "The base64 input terminates with a single character, excluding padding (=).";

    static byte[] decode(String s) {
        int n = s.length();
        byte[] out = new byte[n / 4 * 3 + 3];
        int length = 0;
        int buffer = 0;
        int chunk = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v >= 0) {
                buffer = (buffer << 6) | v;
                if (++chunk == 4) {
                    out[length++] = (byte) (buffer >> 16);
                    out[length++] = (byte) (buffer >> 8);
                    out[length++] = (byte) buffer;
                    buffer = 0;
                    chunk = 0;
                }
            } else if (c == '=') {
                padding(s, i, chunk);
                break;
            } else if (!whitespace(c)) {
                throw new WireFormatException("SyntaxError", BAD_CHARACTER);
            }
        }
        if (chunk == 1) {
            throw new WireFormatException("SyntaxError", SINGLE_CHARACTER);
        }
        // Loose last chunk: two or three characters give one or two bytes; leftover bits are dropped.
        if (chunk == 2) {
            out[length++] = (byte) (buffer >> 4);
        } else if (chunk == 3) {
            out[length++] = (byte) (buffer >> 10);
            out[length++] = (byte) (buffer >> 2);
        }
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /** Checks the padding that starts at {@code s[at]}: it must complete the chunk, then only whitespace may follow. */
    private static void padding(String s, int at, int chunk) {
        int need = chunk == 2 ? 2 : chunk == 3 ? 1 : 0;
        int i = at;
        int seen = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' && seen < need) {
                seen++;
            } else if (!whitespace(c)) {
                break;
            }
        }
        if (need == 0 || seen < need || i < s.length()) {
            if (chunk == 1 && at + 1 == s.length()) {
                throw new WireFormatException("SyntaxError", SINGLE_CHARACTER);
            }
            throw new WireFormatException("SyntaxError", BAD_CHARACTER);
        }
    }

    /** ASCII whitespace as the WHATWG infra standard defines it, which fromBase64 skips. */
    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    /** Each ASCII character's 6-bit value, or -1 for a character outside the alphabet. */
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
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1;
    }
}
