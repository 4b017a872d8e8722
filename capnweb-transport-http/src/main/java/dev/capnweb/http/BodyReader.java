package dev.capnweb.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body without blocking, refusing it as soon as it grows past the cap, so an
 * oversized body costs at most the cap in memory, or once it has taken longer than its deadline.
 * The deadline's timer is armed only when the body must be waited for: most bodies come with
 * their headers, and such a request takes no timer (whose queue is shared and locked) at all.
 */
final class BodyReader implements Runnable {
    /** Thrown (as the future's failure) when the body is larger than allowed. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("Request body exceeds " + max + " bytes.", null, false, false);
        }
    }

    /** The future's failure when the body did not arrive in time. */
    static final class TimedOut extends TimeoutException {
        private static final long serialVersionUID = 1L;

        TimedOut(long millis) {
            super("The request body took longer than " + millis + " ms to arrive.");
        }
    }

    private static final int PRESIZE_LIMIT = 64 * 1024;

    private final Request request;
    private final int maxBytes;
    /** The deadline, or 0 for none. */
    private final long timeoutMillis;
    /** Armed at the first wait for more of the body; touched only by {@link #run()}, which Jetty calls serially. */
    private Scheduler.Task deadline;
    /**
     * Sized from Content-Length when the request gives one, so a body is usually copied once; up
     * to {@link #PRESIZE_LIMIT} only, so a declared length the client never sends costs nothing.
     */
    private byte[] body;
    private int size;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(Request request, int maxBytes, long timeoutMillis) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
        long declared = request.getLength();
        this.body = new byte[declared >= 0 ? (int) Math.min(declared, Math.min(maxBytes, PRESIZE_LIMIT)) : 1024];
    }

    /**
     * @param timeoutMillis how long the body may take to arrive once it must be waited for; 0
     *                      for no limit
     * @return the whole body, or a failure: {@link TooLarge} when over {@code maxBytes},
     *         {@link TimedOut} when late
     */
    static CompletableFuture<byte[]> read(Request request, int maxBytes, long timeoutMillis) {
        BodyReader reader = new BodyReader(request, maxBytes, timeoutMillis);
        reader.run();
        return reader.result;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                if (deadline == null && timeoutMillis > 0) {
                    // Failing the request is safe from any thread: the pending read sees the failure.
                    deadline = request.getComponents().getScheduler().schedule(
                            () -> request.fail(new TimedOut(timeoutMillis)), timeoutMillis, TimeUnit.MILLISECONDS);
                }
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                fail(chunk.getFailure());
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            int n = buffer.remaining();
            if ((long) size + n > maxBytes) {
                chunk.release();
                fail(new TooLarge(maxBytes));
                return;
            }
            if (size + n > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(maxBytes, Math.max((long) size + n, 2L * body.length)));
            }
            buffer.get(body, size, n);
            size += n;
            chunk.release();
            if (chunk.isLast()) {
                disarm();
                result.complete(size == body.length ? body : Arrays.copyOf(body, size));
                return;
            }
        }
    }

    private void fail(Throwable failure) {
        disarm();
        result.completeExceptionally(failure);
    }

    private void disarm() {
        Scheduler.Task task = deadline;
        if (task != null) {
            task.cancel();
        }
    }
}
