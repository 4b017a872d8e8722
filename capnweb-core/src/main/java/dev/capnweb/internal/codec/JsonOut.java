package dev.capnweb.internal.codec;

/**
 * Compact JSON text written into one buffer, with strings quoted exactly as
 * {@code JSON.stringify} quotes them ({@link JsStrings}). Commas are placed by the writer, so
 * callers only open, write and close. Written by hand because messages are small and many:
 * creating a Jackson generator per message cost more than writing the message.
 */
final class JsonOut {
    private final StringBuilder sb;
    /** The next value or name follows another in the same array or object. */
    private boolean comma;

    JsonOut(int capacity) {
        sb = new StringBuilder(capacity);
    }

    void writeStartArray() {
        open('[');
    }

    void writeEndArray() {
        close(']');
    }

    void writeStartObject() {
        open('{');
    }

    void writeEndObject() {
        close('}');
    }

    private void open(char bracket) {
        separate();
        sb.append(bracket);
        comma = false;
    }

    private void close(char bracket) {
        sb.append(bracket);
        comma = true;
    }

    void writeName(String name) {
        separate();
        JsStrings.appendQuoted(sb, name);
        sb.append(':');
        comma = false;
    }

    void writeString(String s) {
        separate();
        JsStrings.appendQuoted(sb, s);
        comma = true;
    }

    void writeNumber(long n) {
        separate();
        sb.append(n);
        comma = true;
    }

    /** @param literal a number already formatted as JSON */
    void writeNumber(String literal) {
        writeRawValue(literal);
    }

    void writeBoolean(boolean b) {
        writeRawValue(b ? "true" : "false");
    }

    void writeNull() {
        writeRawValue("null");
    }

    /** @param json one complete JSON value */
    void writeRawValue(String json) {
        separate();
        sb.append(json);
        comma = true;
    }

    private void separate() {
        if (comma) {
            sb.append(',');
        }
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
