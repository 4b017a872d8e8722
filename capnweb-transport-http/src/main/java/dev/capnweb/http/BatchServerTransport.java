package dev.capnweb.http;

import dev.capnweb.RpcException;
import dev.capnweb.spi.RpcTransport;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's side of one HTTP batch: delivers the request's messages, then records what the
 * session sends, which becomes the response body. The session aborts when a message is bad; the
 * reason is kept so the handler can answer 400 with it. The response is held in memory until the
 * batch is done, so its size is capped: a batch whose answers grow past the cap aborts.
 */
final class BatchServerTransport implements RpcTransport {
    private final List<String> received;
    private final int maxResponseChars;
    private final List<String> sent = new ArrayList<>();
    /** Characters of {@link #sent}, newlines included. */
    private long size;
    private volatile Throwable abortReason;
    private boolean finished;

    /**
     * @param received         the request's messages, in order
     * @param maxResponseChars the most characters the response may hold
     */
    BatchServerTransport(List<String> received, int maxResponseChars) {
        this.received = received;
        this.maxResponseChars = maxResponseChars;
    }

    @Override
    public void start(Receiver receiver) {
        for (String message : received) {
            receiver.onMessage(message);
        }
    }

    @Override
    public synchronized void send(String message) {
        if (finished) {
            return;
        }
        size += message.length() + 1;
        if (size > maxResponseChars + 1L) {
            finished = true;
            sent.clear();
            throw new RpcException("Error", "The batch's answers exceed " + maxResponseChars
                    + " characters, the most one response may hold (maxResponseBytes).");
        }
        sent.add(message);
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
