package dev.capnweb.http;

import dev.capnweb.RpcTarget;
import dev.capnweb.testsupport.Trickle;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler holds its body deadline itself, in a plain Jetty server of the application's. */
@Timeout(30)
class BodyTimeoutTest {
    /** The main object each batch gets. */
    public static final class Api extends RpcTarget {
        public long square(long i) {
            return i * i;
        }
    }

    @Test
    void aBodyTrickledPastTheDeadlineGets408AndNoSessionInAnEmbeddingServer() throws Exception {
        AtomicInteger sessions = new AtomicInteger();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(HttpBatchHandler.builder(info -> {
            sessions.incrementAndGet();
            return new Api();
        }).requestBodyTimeout(Duration.ofMillis(400)).build());
        server.start();
        try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
            String body = "[\"push\",[\"pipeline\",0,[\"square\"],[3]]]\n[\"pull\",1]";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            String answer = Trickle.send(socket, body, 100, Duration.ofSeconds(10));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close")
                    .contains("The request body took longer than 400 ms to arrive.");
            assertThat(millis).isBetween(300L, 5000L);
            assertThat(sessions).hasValue(0);
        } finally {
            server.stop();
        }
    }

    @Test
    void aBodyInTimeIsServed() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(HttpBatchHandler.builder(info -> new Api()).requestBodyTimeout(Duration.ofSeconds(5)).build());
        server.start();
        try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
            String body = "[\"push\",[\"pipeline\",0,[\"square\"],[3]]]\n[\"pull\",1]";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = Trickle.send(socket, body, 5, Duration.ofSeconds(10));
            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("[\"resolve\",1,9]");
        } finally {
            server.stop();
        }
    }
}
