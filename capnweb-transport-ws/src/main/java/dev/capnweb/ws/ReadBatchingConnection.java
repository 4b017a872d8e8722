package dev.capnweb.ws;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

import java.util.concurrent.Executor;

/**
 * Jetty's WebSocket connection, told when a read's frames have all been handled, so that the
 * answers to those frames go out in one write instead of one write each.
 *
 * <p>Jetty reads what the socket holds, hands each frame to the session in turn, and when the
 * socket is empty asks the selector to wake it again ({@link #fillInterested()}). Frames the
 * session sends from the reading thread meanwhile are queued in Jetty's batch buffer ({@link
 * #holdsBatch()}); they are flushed just before the connection goes back to the selector. Jetty
 * also writes that buffer whenever it fills (the output buffer size), so a long read holds back
 * no more than that. Sends from any other thread go out at once, and flush whatever is queued
 * before them, so order is kept and nothing waits for the next read.
 */
final class ReadBatchingConnection extends WebSocketConnection {
    private final WebSocketCoreSession coreSession;
    /** The thread handling this connection's read, or null between reads. */
    private volatile Thread reader;
    /** Frames were batched during this read. Touched by the reading thread only. */
    private boolean batched;

    ReadBatchingConnection(EndPoint endPoint, Executor executor, Scheduler scheduler, ByteBufferPool pool,
                           WebSocketCoreSession coreSession) {
        super(endPoint, executor, scheduler, pool, coreSession);
        this.coreSession = coreSession;
    }

    /**
     * @return whether the calling thread is handling this connection's read, so that a frame it
     * sends may wait (in Jetty's batch buffer) until the read is done; marks the batch as used
     */
    boolean holdsBatch() {
        if (reader != Thread.currentThread()) {
            return false;
        }
        batched = true;
        return true;
    }

    @Override
    public void onFillable() {
        Thread me = Thread.currentThread();
        reader = me;
        try {
            super.onFillable();
        } finally {
            endRead(me);
        }
    }

    @Override
    public void fillInterested() {
        // The socket is empty: send what this read batched before waiting for the next one.
        endRead(Thread.currentThread());
        super.fillInterested();
    }

    private void endRead(Thread me) {
        if (reader != me) {
            return;
        }
        reader = null;
        if (batched) {
            batched = false;
            coreSession.flush(Callback.NOOP);
        }
    }
}
