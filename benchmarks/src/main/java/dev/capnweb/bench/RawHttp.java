package dev.capnweb.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal keep-alive HTTP/1.1 client for the batch load: one pre-built POST, sent again and
 * again, the response read by its {@code Content-Length} or chunked encoding and thrown away.
 */
final class RawHttp implements AutoCloseable {
    private final int port;
    private final byte[] request;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] skip = new byte[64 * 1024];

    RawHttp(int port, String path, String body) {
        this.port = port;
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        request = new byte[head.length + b.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(b, 0, request, head.length, b.length);
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** Sends the request and reads the whole response. @return the status code */
    int exchange() throws IOException {
        if (socket == null) {
            open();
        }
        out.write(request);
        String status = line();
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h; !(h = line()).isEmpty(); ) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            while (true) {
                long size = Long.parseLong(line().split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // Trailers.
                    }
                    break;
                }
                discard(size);
                line();
            }
        } else if (length >= 0) {
            discard(length);
        } else {
            close = true;
            while (in.read(skip) >= 0) {
                // Body until close.
            }
        }
        if (close) {
            close();
        }
        return Integer.parseInt(status.substring(9, 12));
    }

    private void discard(long n) throws IOException {
        while (n > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, n));
            if (r < 0) {
                throw new IOException("connection closed in a response body");
            }
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b == '\n') {
                int end = sb.length();
                if (end > 0 && sb.charAt(end - 1) == '\r') {
                    sb.setLength(end - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing to do.
            }
            socket = null;
        }
    }
}
