package dev.capnweb.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.nio.ByteBuffer;
import java.util.Arrays;
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

    private static final int PRESIZE_LIMIT = 64 * 1024;

    private final Request request;
    private final int maxBytes;
    /** Run once, before the first wait for more of the body; null once run. */
    private Runnable beforeFirstWait;
    /**
     * Sized from Content-Length when the request gives one, so a body is usually copied once; up
     * to {@link #PRESIZE_LIMIT} only, so a declared length the client never sends costs nothing.
     */
    private byte[] body;
    private int size;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(Request request, int maxBytes, Runnable beforeFirstWait) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.beforeFirstWait = beforeFirstWait;
        long declared = request.getLength();
        this.body = new byte[declared >= 0 ? (int) Math.min(declared, Math.min(maxBytes, PRESIZE_LIMIT)) : 1024];
    }

    /** @return the whole body, or a failure ({@link TooLarge} when over {@code maxBytes}) */
    static CompletableFuture<byte[]> read(Request request, int maxBytes) {
        return read(request, maxBytes, null);
    }

    /**
     * @param beforeFirstWait run, on the calling thread before this returns, if the body is not
     *                        all there yet and must be waited for (e.g. to arm a deadline); a body
     *                        that came with its headers, as most do, never runs it
     * @return the whole body, or a failure ({@link TooLarge} when over {@code maxBytes})
     */
    static CompletableFuture<byte[]> read(Request request, int maxBytes, Runnable beforeFirstWait) {
        BodyReader reader = new BodyReader(request, maxBytes, beforeFirstWait);
        reader.run();
        return reader.result;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                Runnable first = beforeFirstWait;
                if (first != null) {
                    beforeFirstWait = null;
                    first.run();
                }
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                result.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            int n = buffer.remaining();
            if ((long) size + n > maxBytes) {
                chunk.release();
                result.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            if (size + n > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(maxBytes, Math.max((long) size + n, 2L * body.length)));
            }
            buffer.get(body, size, n);
            size += n;
            chunk.release();
            if (chunk.isLast()) {
                result.complete(size == body.length ? body : Arrays.copyOf(body, size));
                return;
            }
        }
    }
}
