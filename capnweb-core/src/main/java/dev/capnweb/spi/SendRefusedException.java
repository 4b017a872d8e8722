package dev.capnweb.spi;

/**
 * Thrown by {@link RpcTransport#send} when the transport takes no more messages while the session
 * goes on, e.g. an HTTP batch that is already on its way and whose answers are still to come.
 *
 * <p>The session fails only what produced the message: a call made now fails with this message,
 * as does waiting on a result that was never asked for; releases and other housekeeping messages
 * are dropped. So the message should tell the application what to do instead.
 */
public final class SendRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message why, and what the application should do instead */
    public SendRefusedException(String message) {
        super(message);
    }
}
