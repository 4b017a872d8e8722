package dev.capnweb.examples;

import dev.capnweb.ws.CapnWebServer;

/**
 * Serves {@link StreamingApi} at {@code /streams} (WebSocket: a stream needs the peer to answer
 * while it flows, which an HTTP batch cannot).
 * Run: {@code mvn -q -pl examples -am package exec:java -Dexample=dev.capnweb.examples.StreamingServer}
 * (optional argument: the port, default 8081).
 */
public final class StreamingServer {
    private StreamingServer() {
    }

    /**
     * @param port the port to listen on; 0 for any free port
     * @return the running server
     */
    public static CapnWebServer start(int port) {
        return CapnWebServer.builder()
                .bind("127.0.0.1", port)
                .path("/streams", connection -> new StreamingApi())
                .start();
    }

    /** @param args optional: the port */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        try (CapnWebServer server = start(port)) {
            System.out.println("Streaming examples listening: " + server.webSocketUri("/streams"));
            server.join();
        }
    }
}
