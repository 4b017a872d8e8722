package dev.capnweb.ws;

import dev.capnweb.RpcException;

import java.nio.charset.StandardCharsets;

/** The reference's close codes, reasons and errors for a WebSocket session (its {@code websocket.ts}). */
final class WebSocketCloses {
    /** The close code the reference uses for every abort, a clean shutdown included. */
    static final int ABORT_CODE = 3000;
    /** A close reason may hold at most this many UTF-8 bytes (RFC 6455: 125 less the code). */
    static final int MAX_REASON_BYTES = 123;

    private WebSocketCloses() {
    }

    /** @return the close reason for an abort: the error's message, cut to fit a close frame */
    static String reasonFor(Throwable reason) {
        String text = reason.getMessage() != null ? reason.getMessage() : String.valueOf(reason);
        return truncate(text);
    }

    /** @return {@code text} cut on a character boundary to at most {@link #MAX_REASON_BYTES} UTF-8 bytes */
    static String truncate(String text) {
        if (text.length() * 3 <= MAX_REASON_BYTES || text.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return text;
        }
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_REASON_BYTES) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /** @return the error a session breaks with when the socket closes */
    static RpcException peerClosed(int code, String reason) {
        return new RpcException("Error", "Peer closed WebSocket: " + code + " " + (reason == null ? "" : reason));
    }

    /** @return the error a session breaks with when the socket fails */
    static RpcException connectionFailed() {
        return new RpcException("Error", "WebSocket connection failed.");
    }

    /** @return the error a session aborts with when a binary frame arrives */
    static RpcException binaryFrame() {
        return new RpcException("TypeError",
                "Received a binary WebSocket message; Cap'n Web sends each message as one text frame.");
    }

    /** @return the error a session aborts with when a message is longer than the limit */
    static RpcException tooLarge(int maxMessageSize) {
        return new RpcException("TypeError",
                "Incoming message exceeds maximum size of " + maxMessageSize + " UTF-16 code units.");
    }
}
