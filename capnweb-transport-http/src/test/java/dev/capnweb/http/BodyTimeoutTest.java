package dev.capnweb.http;

import dev.capnweb.RpcTarget;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
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
            String answer = trickle(socket, body, 100, TimeUnit.SECONDS.toNanos(10));
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
            String answer = trickle(socket, body, 5, TimeUnit.SECONDS.toNanos(10));
            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("[\"resolve\",1,9]");
        } finally {
            server.stop();
        }
    }

    /** Sends {@code text} a byte at a time, every {@code gapMillis}; returns all the server sent until it closed. */
    private static String trickle(Socket socket, String text, int gapMillis, long limitNanos) throws Exception {
        socket.setSoTimeout(gapMillis);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + limitNanos;
        int sent = 0;
        while (System.nanoTime() < deadline) {
            if (sent < bytes.length) {
                try {
                    out.write(bytes[sent++]);
                    out.flush();
                } catch (SocketException e) {
                    sent = bytes.length;
                }
            }
            try {
                int n = in.read(buf);
                if (n < 0) {
                    return answer.toString(StandardCharsets.US_ASCII);
                }
                answer.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // Nothing yet: the next byte goes.
            } catch (SocketException e) {
                return answer.toString(StandardCharsets.US_ASCII);
            }
        }
        throw new AssertionError("no answer and no close in time; got: " + answer.toString(StandardCharsets.US_ASCII));
    }
}
