package dev.capnweb.examples;

import dev.capnweb.ws.CapnWebServer;

/**
 * Serves {@link ExampleApi} at {@code /api}, over HTTP batch and WebSocket on one port.
 * Run: {@code mvn -q -pl examples -am package exec:java -Dexample=dev.capnweb.examples.CalculatorServer}
 * (optional argument: the port, default 8080).
 */
public final class CalculatorServer {
    private CalculatorServer() {
    }

    /**
     * @param port the port to listen on; 0 for any free port
     * @return the running server
     */
    public static CapnWebServer start(int port) {
        return CapnWebServer.builder()
                .bind("127.0.0.1", port)
                .path("/api", connection -> new ExampleApi())
                .start();
    }

    /** @param args optional: the port */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        try (CapnWebServer server = start(port)) {
            System.out.println("Calculator listening: " + server.webSocketUri("/api") + " and " + server.httpUri("/api"));
            server.join();
        }
    }
}
