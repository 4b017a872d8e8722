package dev.capnweb.bench;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The transport's ceiling on the Java side: a plain WebSocket echo on the same stack as
 * {@code CapnWebServer} (Jetty 12, one text frame in, the same frame out), on 127.0.0.1.
 * Prints {@code LISTENING <port>}.
 */
public final class EchoServer {
    private EchoServer() {
    }

    /** Echoes each text message back. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }
    }

    /** @param args optional: the port */
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container ->
                container.addMapping("/", (request, response, callback) -> new Echo()));
        server.setHandler(ws);
        server.start();
        System.out.println("LISTENING " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
