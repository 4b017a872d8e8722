package dev.capnweb.http;

import dev.capnweb.spi.RpcTransport;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's side of one HTTP batch: delivers the request's messages, then records what the
 * session sends, which becomes the response body. The session aborts when a message is bad; the
 * reason is kept so the handler can answer 400 with it.
 */
final class BatchServerTransport implements RpcTransport {
    private final List<String> received;
    private final List<String> sent = new ArrayList<>();
    private volatile Throwable abortReason;
    private boolean finished;

    /** @param received the request's messages, in order */
    BatchServerTransport(List<String> received) {
        this.received = received;
    }

    @Override
    public void start(Receiver receiver) {
        for (String message : received) {
            receiver.onMessage(message);
        }
    }

    @Override
    public synchronized void send(String message) {
        if (!finished) {
            sent.add(message);
        }
    }

    @Override
    public void abort(Throwable reason) {
        synchronized (this) {
            finished = true;
        }
        if (abortReason == null) {
            abortReason = reason;
        }
    }

    /** @return the response body: every message sent, joined by {@code \n}; nothing more is recorded */
    synchronized String finish() {
        finished = true;
        return String.join("\n", sent);
    }
}
