package dev.capnweb.spi;

/**
 * Moves whole messages between two sessions. A transport knows nothing of RPC; it must keep
 * message order, and deliver each received message to the {@link Receiver} from one thread at
 * a time.
 *
 * <p>A session calls {@link #start} once, then {@link #send} for every outgoing message (from
 * one thread at a time), and {@link #abort} once when the session ends for any reason.
 */
public interface RpcTransport {
    /**
     * Begins delivering received messages. Messages that arrived earlier are delivered now.
     *
     * @param receiver where messages and the end of the stream go
     */
    void start(Receiver receiver);

    /**
     * Sends one message. May return before it is written. A failure may be thrown here or
     * reported later through {@link Receiver#onClosed}; either ends the session, except
     * {@link SendRefusedException}, which fails only what produced the message.
     *
     * @param message one JSON message; it never contains a raw newline
     * @throws SendRefusedException when this transport carries no more messages but the session
     *                              still expects answers to earlier ones (a sent HTTP batch)
     */
    void send(String message);

    /**
     * The application is about to block until a result arrives: send whatever is being held back.
     * Transports that send each message at once need do nothing; a batching transport sends its
     * batch. Called on the session's thread, after every message sent so far, when the
     * application asks ({@code RpcSession.flush()}) and, for a transport that
     * {@linkplain #holdsMessagesBack() holds messages back}, before every blocking wait.
     */
    default void flush() {
    }

    /**
     * @return whether this transport holds messages back until {@link #flush()} (a batching
     *         transport, such as an HTTP batch client), so that the session must flush before the
     *         application blocks on a result; false (the default) for transports that send each
     *         message at once. Asked once, when the session starts.
     */
    default boolean holdsMessagesBack() {
        return false;
    }

    /**
     * The session is over: release resources and close the connection. The session has already
     * sent its {@code abort} message when it had one to send. Idempotent.
     *
     * @param reason why the session ended
     */
    void abort(Throwable reason);

    /** What a transport reports to its session. */
    interface Receiver {
        /** @param message one received message, in order */
        void onMessage(String message);

        /**
         * A received message, and what to run once the session has handled it (parsed it and
         * started what it asks for; answers may come later). A transport uses it to bound what it
         * has taken in that the session has not handled yet, and to stop reading meanwhile. By
         * default the message is handed on and reported handled at once; a session reports it
         * when its lane has handled it.
         *
         * @param message one received message, in order
         * @param handled run once, on any thread, after the message was handled (or dropped)
         */
        default void onMessage(String message, Runnable handled) {
            try {
                onMessage(message);
            } finally {
                handled.run();
            }
        }

        /**
         * The connection ended; no more messages will come.
         *
         * @param reason why, worded for the application (e.g. "Peer closed WebSocket: 1006")
         */
        void onClosed(Throwable reason);
    }
}
