package dev.capnweb.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal WebSocket client for load generation: blocking socket, text frames only, a zero
 * masking key (legal, and the XOR becomes a copy), no JSON anywhere. Frames are written into one
 * buffer and sent with one write, so a call's release, push and pull cost one system call, and
 * the calls that answer the frames of one read share it.
 */
final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] writeBuffer = new byte[8192];
    private int writeLength;
    private byte[] frame = new byte[8192];
    /** Received bytes not yet parsed: {@code readBuffer[readPos, readLimit)}. */
    private final byte[] readBuffer = new byte[64 * 1024];
    private int readPos;
    private int readLimit;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawWebSocket connect(int port, String path) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        RawWebSocket ws = new RawWebSocket(s);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String status = ws.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("WebSocket upgrade refused: " + status);
        }
        return ws;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = readByte();
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf('\r'));
    }

    /** Adds one text frame to the pending write. */
    void add(byte[] payload) {
        int len = payload.length;
        int header = len < 126 ? 6 : len < 65536 ? 8 : 14;
        ensure(writeLength + header + len);
        byte[] b = writeBuffer;
        int p = writeLength;
        b[p++] = (byte) 0x81;
        if (len < 126) {
            b[p++] = (byte) (0x80 | len);
        } else if (len < 65536) {
            b[p++] = (byte) (0x80 | 126);
            b[p++] = (byte) (len >>> 8);
            b[p++] = (byte) len;
        } else {
            b[p++] = (byte) (0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                b[p++] = (byte) ((long) len >>> (8 * i));
            }
        }
        b[p++] = 0;
        b[p++] = 0;
        b[p++] = 0;
        b[p++] = 0;
        System.arraycopy(payload, 0, b, p, len);
        writeLength = p + len;
    }

    /** Adds a frame whose payload is {@code prefix + number + suffix}, without building a String. */
    void add(byte[] prefix, long number, byte[] suffix) {
        byte[] digits = Long.toString(number).getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[prefix.length + digits.length + suffix.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        System.arraycopy(digits, 0, payload, prefix.length, digits.length);
        System.arraycopy(suffix, 0, payload, prefix.length + digits.length, suffix.length);
        add(payload);
    }

    private void ensure(int size) {
        if (size > writeBuffer.length) {
            writeBuffer = java.util.Arrays.copyOf(writeBuffer, Math.max(size, writeBuffer.length * 2));
        }
    }

    /** Sends what {@link #add} collected, in one write. */
    void flush() throws IOException {
        out.write(writeBuffer, 0, writeLength);
        writeLength = 0;
    }

    /**
     * Reads the next data frame.
     *
     * @return the payload length; the bytes are in {@link #payload()} until the next read
     */
    int read() throws IOException {
        while (true) {
            int b0 = readByte();
            int b1 = readByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (readByte() << 8) | readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte();
                }
            }
            if (len > Integer.MAX_VALUE - 8) {
                throw new IOException("frame too large");
            }
            if (frame.length < len) {
                frame = new byte[(int) Math.max(len, frame.length * 2L)];
            }
            int n = (int) len;
            int off = 0;
            while (off < n) {
                if (readPos == readLimit) {
                    fill();
                }
                int r = Math.min(n - off, readLimit - readPos);
                System.arraycopy(readBuffer, readPos, frame, off, r);
                readPos += r;
                off += r;
            }
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                throw new IOException("server closed the WebSocket");
            }
            if (opcode == 0x1 || opcode == 0x2 || opcode == 0x0) {
                return n;
            }
            // Ping, pong: ignored (servers here do not ping).
        }
    }

    byte[] payload() {
        return frame;
    }

    private int readByte() throws IOException {
        if (readPos == readLimit) {
            fill();
        }
        return readBuffer[readPos++] & 0xff;
    }

    private void fill() throws IOException {
        int r = in.read(readBuffer, 0, readBuffer.length);
        if (r < 0) {
            throw new IOException("connection closed");
        }
        readPos = 0;
        readLimit = r;
    }

    /**
     * @return whether received bytes are waiting to be parsed. The load loops send what they
     * added only when nothing is: the answers to one read go out in one write, as an event-loop
     * client's would, which keeps the generator's system calls (and CPU) down.
     */
    boolean hasBufferedInput() {
        return readPos < readLimit;
    }

    /** @return the number after {@code ["resolve",} in the last frame, or -1 if it is not a resolve */
    long resolveId(int length) {
        byte[] p = frame;
        // ["resolve",ID,...]
        if (length < 13 || p[2] != 'r' || p[3] != 'e' || p[4] != 's') {
            return -1;
        }
        long id = 0;
        for (int i = 11; i < length; i++) {
            byte c = p[i];
            if (c < '0' || c > '9') {
                return id;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a benchmark connection: nothing to do on failure.
        }
    }
}
