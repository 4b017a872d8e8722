package dev.capnweb.ws;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Behavior;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.ExtensionStack;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.Negotiated;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketConstants;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.util.WebSocketUtils;

import java.util.List;

/**
 * The RFC 6455 upgrade of an HTTP/1.1 GET, on Jetty's public WebSocket core, to a {@link
 * ReadBatchingConnection}. Jetty's own handshaker makes its connection itself and lives in a
 * package its module does not export, so the upgrade is done here. No extension and no
 * subprotocol is negotiated: Cap'n Web uses neither, and the reference's server offers none.
 */
final class RfcHandshaker {
    private final WebSocketComponents components;

    /** @param components the server's WebSocket components (buffer pools, extension registry) */
    RfcHandshaker(WebSocketComponents components) {
        this.components = components;
    }

    /** @return whether the request is a WebSocket upgrade this handshaker takes (RFC 6455, version 13) */
    static boolean isUpgrade(Request request) {
        return HttpMethod.GET.is(request.getMethod())
                && HttpVersion.HTTP_1_1.is(request.getConnectionMetaData().getProtocol())
                && "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))
                && request.getHeaders().contains(HttpHeader.CONNECTION, "upgrade")
                && WebSocketConstants.SPEC_VERSION_STRING.equals(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_VERSION))
                && request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY) != null;
    }

    /**
     * Answers 101 and hands the connection to {@code handler} once the answer is written.
     *
     * @param request  a request for which {@link #isUpgrade} holds
     * @param settings applied to the new session (idle timeout, sizes)
     */
    void upgrade(Request request, Response response, Callback callback, FrameHandler handler,
                 Configuration.Customizer settings) {
        ExtensionStack extensions = new ExtensionStack(components, Behavior.SERVER);
        extensions.negotiate(List.of(), List.of());
        Negotiated negotiated = new Negotiated(request.getHttpURI().toURI(), null, request.isSecure(), extensions,
                WebSocketConstants.SPEC_VERSION_STRING);
        WebSocketCoreSession session = new WebSocketCoreSession(handler, Behavior.SERVER, negotiated, components);
        settings.customize(session);

        ConnectionMetaData meta = request.getConnectionMetaData();
        Connector connector = meta.getConnector();
        ReadBatchingConnection connection = new ReadBatchingConnection(meta.getConnection().getEndPoint(),
                connector.getExecutor(), connector.getScheduler(), connector.getByteBufferPool(), session);
        HttpConfiguration http = meta.getHttpConfiguration();
        connection.setUseInputDirectByteBuffers(http.isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(http.isUseOutputDirectByteBuffers());
        connector.getEventListeners().forEach(connection::addEventListener);
        session.setWebSocketConnection(connection);

        response.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
        response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
        response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_ACCEPT,
                WebSocketUtils.hashKey(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY)));
        // Jetty's HTTP/1.1 connection hands its socket to this connection once the 101 is written.
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
        response.write(true, null, callback);
    }
}
