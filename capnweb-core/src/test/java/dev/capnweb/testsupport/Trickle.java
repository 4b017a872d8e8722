package dev.capnweb.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A slow peer on a raw socket: sends bytes one at a time and collects what the server answers. */
public final class Trickle {
    private Trickle() {
    }

    /**
     * Sends {@code text} (one byte per char, ISO-8859-1) a byte every {@code gapMillis} until the server answers or closes.
     *
     * @return everything the server sent until it closed the connection
     * @throws AssertionError if the server neither answers nor closes within {@code limit}
     */
    public static String send(Socket socket, String text, long gapMillis, Duration limit) throws Exception {
        socket.setSoTimeout((int) gapMillis);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long deadline = System.nanoTime() + limit.toNanos();
        int sent = 0;
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            if (sent < bytes.length) {
                try {
                    out.write(bytes[sent++]);
                    out.flush();
                } catch (SocketException e) {
                    // The server closed while this peer was still sending: read what it said.
                    sent = bytes.length;
                }
            }
            try {
                int n = in.read(buf);
                if (n < 0) {
                    return answer.toString(StandardCharsets.US_ASCII);
                }
                answer.write(buf, 0, n);
            } catch (java.net.SocketTimeoutException e) {
                // Nothing yet: the next byte goes.
            } catch (SocketException e) {
                return answer.toString(StandardCharsets.US_ASCII);
            }
        }
        throw new AssertionError("the server neither answered nor closed within " + limit
                + "; it sent: " + answer.toString(StandardCharsets.US_ASCII));
    }

    /** @return what the server sent until {@code marker} appeared in it */
    public static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!answer.toString(StandardCharsets.US_ASCII).contains(marker)) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("closed before " + marker + ": " + answer.toString(StandardCharsets.US_ASCII));
            }
            answer.write(buf, 0, n);
        }
        return answer.toString(StandardCharsets.US_ASCII);
    }
}
