package dev.capnweb.examples;

import dev.capnweb.ws.CapnWebServer;

/**
 * The README's main example: two peers in one process, the calculator server on a free port with
 * its WebSocket client and the batch-pipelining client, then the streaming server with a client
 * reading tokens as they are produced and a file upload reporting progress.
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
        try (CapnWebServer server = StreamingServer.start(0)) {
            System.out.println();
            System.out.println("== Tokens streamed as they are produced (" + server.webSocketUri("/streams") + ")");
            TokenStreamingClient.run(server.webSocketUri("/streams"));
            System.out.println();
            System.out.println("== File upload with progress through a callback");
            FileUploadClient.run(server.webSocketUri("/streams"), FileUploadClient.randomFile(5 * 1024 * 1024));
        }
    }
}
