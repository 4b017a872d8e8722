package dev.capnweb.spi;

import dev.capnweb.RpcException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two transports joined back to back in one process: what one sends, the other receives, in
 * order. For tests and for sessions between components of one application.
 */
public final class InMemoryTransport implements RpcTransport {
    private final Object lock = new Object();
    private InMemoryTransport peer;
    private Receiver receiver;
    private List<String> early = new ArrayList<>();
    private Throwable closedBeforeStart;
    private boolean closed;

    private InMemoryTransport() {
    }

    /** @return two connected transports; give one to each session */
    public static InMemoryTransport[] pair() {
        InMemoryTransport a = new InMemoryTransport();
        InMemoryTransport b = new InMemoryTransport();
        a.peer = b;
        b.peer = a;
        return new InMemoryTransport[] {a, b};
    }

    @Override
    public void start(Receiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        List<String> pending;
        Throwable closedReason;
        synchronized (lock) {
            if (this.receiver != null) {
                throw new IllegalStateException("transport already started");
            }
            this.receiver = receiver;
            pending = early;
            early = null;
            closedReason = closedBeforeStart;
        }
        for (String m : pending) {
            receiver.onMessage(m);
        }
        if (closedReason != null) {
            receiver.onClosed(closedReason);
        }
    }

    @Override
    public void send(String message) {
        synchronized (lock) {
            if (closed) {
                throw new RpcException("Error", "In-memory transport is closed.");
            }
        }
        peer.deliver(message);
    }

    private void deliver(String message) {
        Receiver r;
        synchronized (lock) {
            if (closed) {
                return;
            }
            r = receiver;
            if (r == null) {
                early.add(message);
                return;
            }
        }
        r.onMessage(message);
    }

    @Override
    public void abort(Throwable reason) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        peer.peerClosed();
    }

    private void peerClosed() {
        Receiver r;
        RpcException reason = new RpcException("Error", "Peer closed the in-memory transport.");
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            r = receiver;
            if (r == null) {
                closedBeforeStart = reason;
                return;
            }
        }
        r.onClosed(reason);
    }
}
