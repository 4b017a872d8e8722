package dev.capnweb.examples;

import dev.capnweb.ws.CapnWebServer;

/**
 * The README's main example: two peers in one process, then the calculator server on a free
 * port with its WebSocket client and the batch-pipelining client.
 */
public final class Tour {
    private Tour() {
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        System.out.println("== Peer to peer (in-memory transport)");
        PeerToPeerExample.main(args);
        try (CapnWebServer server = CalculatorServer.start(0)) {
            System.out.println();
            System.out.println("== Calculator over WebSocket (" + server.webSocketUri("/api") + ")");
            CalculatorClient.run(server.webSocketUri("/api"));
            System.out.println();
            System.out.println("== Three dependent calls over HTTP batch (" + server.httpUri("/api") + ")");
            BatchPipeliningClient.run(server.httpUri("/api"));
        }
    }
}
