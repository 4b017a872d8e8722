package dev.capnweb.ws;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

import java.time.Duration;

/** Jetty's HTTP/1.1 connection factory, making {@link HeaderDeadlineConnection}s. */
final class HeaderDeadlineConnectionFactory extends HttpConnectionFactory {
    private final Duration headerTimeout;

    HeaderDeadlineConnectionFactory(HttpConfiguration config, Duration headerTimeout) {
        super(config);
        this.headerTimeout = headerTimeout;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HeaderDeadlineConnection connection = new HeaderDeadlineConnection(getHttpConfiguration(), connector,
                endPoint, headerTimeout);
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }
}
