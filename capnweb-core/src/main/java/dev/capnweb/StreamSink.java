package dev.capnweb;

import java.util.concurrent.CompletionStage;

/**
 * The Java side of a WritableStream ({@code ["writable", id]} on the wire).
 *
 * <p>Implement it to hand the peer somewhere to write: a sink passed as an argument or returned
 * from a method is exported, and the peer's {@code write}, {@code close} and {@code abort} reach
 * it one at a time, in order. The peer's write is acknowledged when the future returned by
 * {@link #write} completes, so a sink applies backpressure by completing it late. These methods run
 * on the session's thread: they must not block.
 *
 * <p>A sink received from the peer (a parameter or result typed {@code StreamSink}) writes to the
 * peer's stream with the reference's flow control: a {@code write} future completes as soon as
 * the write is sent and the window of unacknowledged bytes still has room, so waiting for each
 * future before writing the next keeps at most one window in flight. A failed write fails every
 * later call. {@code close()} completes when the peer has taken every chunk and closed its end.
 * Completions run on the session's thread. A sink received and never closed holds its stream
 * open until the session ends.
 *
 * @param <T> the chunk type: any value the wire carries; {@code byte[]} for bytes
 */
public interface StreamSink<T> {
    /**
     * Writes one chunk.
     *
     * @param chunk the chunk
     * @return completes when the sink can take the next chunk; fails if the stream failed
     */
    CompletionStage<Void> write(T chunk);

    /** @return completes once every chunk written before has been taken and the stream is closed */
    CompletionStage<Void> close();

    /**
     * Ends the stream with an error: chunks not yet taken are dropped.
     *
     * @param reason why
     * @return completes once the abort is done
     */
    CompletionStage<Void> abort(Throwable reason);
}
