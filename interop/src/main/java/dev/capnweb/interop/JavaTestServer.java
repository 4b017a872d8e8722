package dev.capnweb.interop;

import dev.capnweb.ws.CapnWebServer;

/**
 * Serves {@link InteropTestTarget} over HTTP batch (POST) and WebSocket on one port, at path
 * {@code /} on 127.0.0.1, a fresh target per session; prints {@code LISTENING <port>} once ready
 * and runs until killed. Started by {@code interop/java-test-server [PORT]}; other test suites
 * rely on exactly that behaviour, so keep it stable.
 */
public final class JavaTestServer {
    private JavaTestServer() {
    }

    /**
     * @param port the port, 0 for any free one
     * @return the running server
     */
    public static CapnWebServer start(int port) {
        return CapnWebServer.builder()
                .bind("127.0.0.1", port)
                .path("/", connection -> new InteropTestTarget())
                .responseHeader("Access-Control-Allow-Origin", "*")
                .start();
    }

    /** @param args optional: the port (default 0, any free port) */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 && !args[0].isEmpty() ? Integer.parseInt(args[0]) : 0;
        CapnWebServer server = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "capnweb-test-server-stop"));
        System.out.println("LISTENING " + server.port());
        System.out.flush();
        server.join();
    }
}
