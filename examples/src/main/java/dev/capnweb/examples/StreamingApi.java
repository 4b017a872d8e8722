package dev.capnweb.examples;

import dev.capnweb.Publishers;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

/**
 * What {@link StreamingServer} serves: text streamed token by token as it is produced, the way
 * chat and LLM servers answer, and a file upload that reports progress through the caller's
 * callback.
 */
public class StreamingApi extends RpcTarget {
    /** Stands in for a model: produces tokens one at a time, each after some "thinking". */
    private static final ExecutorService MODEL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "token-producer");
        t.setDaemon(true);
        return t;
    });

    /** What {@link #upload} answers. @param name the file name @param bytes its size @param sha256 its digest, hex */
    public record Uploaded(String name, long bytes, String sha256) {
    }

    /**
     * @param prompt the question
     * @return the answer as a ReadableStream of text tokens, sent as they are produced
     */
    public Flow.Publisher<String> complete(String prompt) {
        List<String> tokens = List.of("Cap'n", " Web", " streams", " this", " answer", " to", " \"", prompt, "\"",
                " one", " token", " at", " a", " time", ".");
        return subscriber -> {
            // Produce only once someone reads: a SubmissionPublisher drops what nobody subscribed to.
            SubmissionPublisher<String> out = new SubmissionPublisher<>(MODEL, 4);
            out.subscribe(subscriber);
            MODEL.execute(() -> {
                try {
                    for (String token : tokens) {
                        TimeUnit.MILLISECONDS.sleep(25);
                        // Blocks this producer (not the session) when the reader falls 4 tokens behind.
                        out.submit(token);
                    }
                    out.close();
                } catch (InterruptedException e) {
                    out.closeExceptionally(e);
                }
            });
        };
    }

    /**
     * Receives a file as a ReadableStream of byte chunks, telling the caller how far it got.
     *
     * @param name     the file name
     * @param size     the size announced by the caller, for the progress callback
     * @param content  the bytes
     * @param progress called with {@code (bytesReceived, size)} after every chunk
     * @return the size and SHA-256 the server saw, once the whole file is in
     */
    public CompletionStage<Uploaded> upload(String name, long size, Flow.Publisher<byte[]> content, RpcStub progress) {
        MessageDigest sha = sha256();
        long[] received = {0};
        RpcStub listener = progress.dup();
        return Publishers.forEach(content, chunk -> {
            sha.update(chunk);
            received[0] += chunk.length;
            // Fire and forget: calls on one stub arrive in order, so progress never goes backwards.
            listener.invoke(received[0], size).close();
        }).thenApply(done -> new Uploaded(name, received[0], HexFormat.of().formatHex(sha.digest())))
                .whenComplete((r, err) -> listener.close());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
