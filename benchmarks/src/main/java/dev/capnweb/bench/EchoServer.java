package dev.capnweb.bench;

import dev.capnweb.ws.SameStackEcho;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * The transport's ceiling on the Java side, on the same stack as {@code CapnWebServer} (Jetty 12,
 * one non-blocking handler that upgrades WebSocket requests and answers the rest; WebSocket frames
 * on {@link SameStackEcho}, which writes the answers to one read together), on 127.0.0.1: a
 * WebSocket echo (one text frame in, the same frame out) and an HTTP echo (a POST answered with
 * its own body). Prints {@code LISTENING <port>}.
 */
public final class EchoServer {
    private EchoServer() {
    }

    /** Upgrades WebSocket requests to an echo; answers any other request with its body. */
    private static final class EchoHandler extends Handler.Abstract.NonBlocking {
        private final SameStackEcho webSocket;

        EchoHandler(SameStackEcho webSocket) {
            this.webSocket = webSocket;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if ("websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
                return webSocket.upgrade(request, response, callback);
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
        server.setHandler(new EchoHandler(new SameStackEcho(WebSocketServerComponents.ensureWebSocketComponents(server))));
        server.start();
        System.out.println("LISTENING " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
