package dev.capnweb.http;

import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;

import java.util.concurrent.CompletableFuture;

/**
 * One HTTP batch: calls made on {@link #main()} (and on the promises they return) queue up and
 * travel together in one POST, sent when the application first blocks on a result or calls
 * {@link #send()}. The server answers the whole batch at once.
 *
 * <pre>{@code
 * try (HttpBatchSession batch = client.open(URI.create("http://127.0.0.1:8080/api"))) {
 *     RpcPromise user = batch.main().call("authenticate", token);   // not sent yet
 *     RpcPromise ids = user.call("getFriendIds");                    // pipelined on user
 *     RpcPromise name = user.get("name");
 *     CompletableFuture<Object> idsResult = ids.toCompletableFuture(); // asks for this result
 *     System.out.println(name.join());                               // sends the batch, one POST
 *     System.out.println(idsResult.join());
 * }
 * }</pre>
 *
 * <p><b>Which results come back.</b> Only those the application awaited or subscribed to
 * ({@code join}, {@code get}, {@code toCompletableFuture}, {@code thenApply} and the other
 * {@code CompletionStage} methods) before the batch was sent. A promise used only to pipeline
 * further calls is not answered, which keeps the response small. After the batch was sent,
 * a new call, or a wait on a result that was not asked for, fails at once with an error saying
 * so; so does everything left unanswered once the response was handled. Stubs received in the
 * batch stop working when it ends. If the server answers with a status other than 2xx, every
 * call fails with an {@link HttpStatusException} carrying the status.
 *
 * <p>A batch has no main object of its own: the server cannot call back into it.
 */
public final class HttpBatchSession implements AutoCloseable {
    private final RpcSession session;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    HttpBatchSession(RpcSession session, BatchClientTransport transport) {
        this.session = session;
        session.onBroken(reason -> {
            if (reason == transport.ended) {
                done.complete(null);
            } else {
                done.completeExceptionally(reason);
            }
        });
    }

    /** @return the server's main object; calls on it join the batch */
    public RpcStub main() {
        return session.main();
    }

    /**
     * Sends the batch now, unless it was sent already; for applications that do not block.
     *
     * @return completes once the response was handled (every requested result is then settled),
     *         or fails with the reason the batch failed
     */
    public CompletableFuture<Void> send() {
        session.flush();
        return done.copy();
    }

    /** @return the underlying session, e.g. for its stats */
    public RpcSession session() {
        return session;
    }

    /** Ends the batch: an unsent batch is dropped, a request in flight is cancelled. */
    @Override
    public void close() {
        session.close();
    }
}
