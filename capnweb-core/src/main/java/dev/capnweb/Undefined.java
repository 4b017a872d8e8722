package dev.capnweb;

/**
 * JavaScript's {@code undefined}, which the wire distinguishes from {@code null}
 * ({@code ["undefined"]}). A {@code void} method answers it; a TypeScript peer's missing
 * property reads arrive as it.
 */
public enum Undefined {
    /** The only value. */
    INSTANCE;

    @Override
    public String toString() {
        return "undefined";
    }
}
