package dev.capnweb.bench;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * The transport's ceiling on the Java side, on the same stack as {@code CapnWebServer} (Jetty 12,
 * one non-blocking handler that upgrades WebSocket requests and answers the rest), on 127.0.0.1:
 * a WebSocket echo (one text frame in, the same frame out) and an HTTP echo (a POST answered with
 * its own body). Prints {@code LISTENING <port>}.
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

    /** Upgrades WebSocket requests to {@link Echo}; answers any other request with its body. */
    private static final class EchoHandler extends Handler.Abstract.NonBlocking {
        private final ServerWebSocketContainer container;
        private final WebSocketCreator creator = (request, response, callback) -> new Echo();

        EchoHandler(ServerWebSocketContainer container) {
            this.container = container;
        }

        @Override
        public boolean handle(Request request, Response response, org.eclipse.jetty.util.Callback callback) throws Exception {
            if ("websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
                return container.upgrade(creator, request, response, callback);
            }
            Content.Source.asByteBufferAsync(request).whenComplete((body, failure) -> {
                if (failure != null) {
                    callback.failed(failure);
                    return;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");
                response.write(true, body, callback);
            });
            return true;
        }
    }

    /** @param args optional: the port */
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        server.addConnector(connector);
        server.setHandler(new EchoHandler(ServerWebSocketContainer.ensure(server)));
        server.start();
        System.out.println("LISTENING " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
