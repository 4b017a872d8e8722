package dev.capnweb.ws;

import dev.capnweb.RpcException;

import java.time.Duration;

/** The error a WebSocket session ends with when it was idle too long, on either server. */
final class WebSocketIdleTimeout {
    private WebSocketIdleTimeout() {
    }

    /**
     * @param timeout the idle timeout
     * @return the session's error; its message is also the close reason (code 3000, as any abort)
     */
    static RpcException error(Duration timeout) {
        return new RpcException("Error", "WebSocket idle timeout: no traffic for " + describe(timeout) + ".");
    }

    private static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
