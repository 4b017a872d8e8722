package dev.capnweb.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a request body without blocking, refusing it as soon as it grows past the cap, so an
 * oversized body costs at most the cap in memory.
 */
final class BodyReader implements Runnable {
    /** Thrown (as the future's failure) when the body is larger than allowed. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("Request body exceeds " + max + " bytes.", null, false, false);
        }
    }

    private final Request request;
    private final int maxBytes;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(Request request, int maxBytes) {
        this.request = request;
        this.maxBytes = maxBytes;
    }

    /** @return the whole body, or a failure ({@link TooLarge} when over {@code maxBytes}) */
    static CompletableFuture<byte[]> read(Request request, int maxBytes) {
        BodyReader reader = new BodyReader(request, maxBytes);
        reader.run();
        return reader.result;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                result.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            if (body.size() + buffer.remaining() > maxBytes) {
                chunk.release();
                result.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            body.write(bytes, 0, bytes.length);
            chunk.release();
            if (chunk.isLast()) {
                result.complete(body.toByteArray());
                return;
            }
        }
    }
}
