package dev.capnweb.examples;

import dev.capnweb.Publishers;
import dev.capnweb.RpcFunction;
import dev.capnweb.RpcSession;
import dev.capnweb.ws.WebSocketRpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.Flow;

/**
 * Uploads a file to {@link StreamingServer} as a stream of 64 KiB chunks read from disk only as
 * fast as the server takes them, printing the progress the server reports through a callback.
 * Run (with the server running): {@code mvn -q -pl examples -am package exec:java
 * -Dexample=dev.capnweb.examples.FileUploadClient} (optional arguments: the server's ws:// URI,
 * a file to upload; without one, 5 MiB of random bytes are written to a temporary file).
 */
public final class FileUploadClient {
    private static final int CHUNK = 64 * 1024;

    private FileUploadClient() {
    }

    /**
     * @param uri  the server's WebSocket endpoint
     * @param file the file to upload
     */
    public static void run(URI uri, Path file) throws Exception {
        long size = Files.size(file);
        int[] lastShown = {0};
        RpcFunction progress = args -> {
            long received = ((Number) args.get(0)).longValue();
            int percent = size == 0 ? 100 : (int) (received * 100 / size);
            if (percent / 25 > lastShown[0] / 25) {
                lastShown[0] = percent;
                System.out.println("progress: " + percent + "% (" + received + " of " + size + " bytes)");
            }
            return null;
        };
        try (RpcSession session = WebSocketRpc.connect(uri); InputStream in = Files.newInputStream(file)) {
            Flow.Publisher<byte[]> content = Publishers.fromIterable(() -> chunks(in));
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) session.main()
                    .call("upload", file.getFileName().toString(), size, content, progress).join();
            String local = HexFormat.of().formatHex(StreamingApi.sha256().digest(Files.readAllBytes(file)));
            System.out.println("server stored " + result.get("bytes") + " bytes; sha256 matches: "
                    + local.equals(result.get("sha256")));
        }
    }

    /** Reads the next chunk from disk only when the stream asks for it. */
    private static Iterator<byte[]> chunks(InputStream in) {
        return new Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        byte[] buffer = in.readNBytes(CHUNK);
                        next = buffer.length == 0 ? null : buffer;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] chunk = next;
                next = null;
                return chunk;
            }
        };
    }

    /** @return a temporary file of {@code size} random bytes, deleted when the JVM exits */
    static Path randomFile(int size) throws IOException {
        Path file = Files.createTempFile("capnweb-upload-", ".bin");
        file.toFile().deleteOnExit();
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        Files.write(file, bytes);
        return file;
    }

    /** @param args optional: the server's ws:// URI, then a file */
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args.length > 0 ? args[0] : "ws://127.0.0.1:8081/streams");
        run(uri, args.length > 1 ? Path.of(args[1]) : randomFile(5 * 1024 * 1024));
    }
}
