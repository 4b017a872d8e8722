package dev.capnweb.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A WebSocket client on a bare TCP socket that sends calls and never reads the answers: after
 * the upgrade it only writes (on a thread of its own, which the server's backpressure may block)
 * and its receive buffer is kept small, so that what the server sends piles up on the server.
 */
final class StalledPeer implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    /** Messages written so far. */
    final AtomicInteger written = new AtomicInteger();
    /** Completes when the writer stops: all sent, or the server dropped the connection. */
    final CompletableFuture<Void> writerDone = new CompletableFuture<>();

    StalledPeer(URI uri) throws IOException {
        socket = new Socket();
        // Before connecting, so that the window the server may fill stays small.
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        out.write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readHead(socket.getInputStream());
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + response);
        }
    }

    /** Starts writing {@code count} messages, the i-th being {@code message.apply(i)}, from a thread of its own. */
    void writeInBackground(int count, IntFunction<String> message) {
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    writeText(message.apply(i));
                    written.incrementAndGet();
                }
                out.flush();
            } catch (IOException e) {
                // The server dropped us: what the test waits for.
            } finally {
                writerDone.complete(null);
            }
        }, "stalled-peer-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** A masked text frame; the mask is zero, so the payload goes as it is. */
    private void writeText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        frame.write(new byte[4]);
        frame.write(payload);
        frame.writeTo(out);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
