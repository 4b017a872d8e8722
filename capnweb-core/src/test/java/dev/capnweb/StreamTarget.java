package dev.capnweb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** The server side of the stream tests. */
public class StreamTarget extends RpcTarget {
    final List<Object> sunk = new ArrayList<>();
    final CompletableFuture<List<Object>> sinkClosed = new CompletableFuture<>();
    final CompletableFuture<Throwable> sinkAborted = new CompletableFuture<>();
    volatile Streams.Generated lastMade;

    public Flow.Publisher<Object> makeStream(int n) {
        lastMade = new Streams.Generated(n, Streams::mixedChunk);
        return lastMade;
    }

    public Flow.Publisher<Object> failingStream(int n) {
        return new Streams.Generated(n, Streams::mixedChunk, new IllegalStateException("source broke"));
    }

    public CompletionStage<List<Object>> readAll(Flow.Publisher<Object> stream) {
        return Publishers.collect(stream);
    }

    public int ignoreStream(Flow.Publisher<Object> stream) {
        return 0;
    }

    public StreamSink<Object> makeSink() {
        return new StreamSink<>() {
            @Override
            public CompletionStage<Void> write(Object chunk) {
                if ("poison".equals(chunk)) {
                    return CompletableFuture.failedFuture(new IllegalArgumentException("poison chunk"));
                }
                sunk.add(chunk);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> close() {
                sinkClosed.complete(new ArrayList<>(sunk));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> abort(Throwable reason) {
                sinkAborted.complete(reason);
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    public CompletionStage<List<Object>> sunk() {
        return sinkClosed;
    }

    public CompletionStage<String> writeTo(StreamSink<Object> sink, int n) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < n; i++) {
            int k = i;
            chain = chain.thenCompose(v -> sink.write(Streams.mixedChunk(k)));
        }
        return chain.thenCompose(v -> sink.close()).thenApply(v -> "done");
    }

    public Blob echoBlob(Blob blob) {
        return new Blob(blob.type(), blob.bytes());
    }

    public int blobSize(Blob blob) {
        return blob.size();
    }

    public CompletionStage<String> requestBody(FetchRequest request) {
        return Publishers.collect((Flow.Publisher<?>) request.init().get("body"))
                .thenApply(chunks -> request.init().get("method") + " " + request.url() + ": "
                        + new String((byte[]) chunks.get(0), java.nio.charset.StandardCharsets.UTF_8));
    }

    public String wantsStream(Flow.Publisher<Object> stream) {
        return "unreachable";
    }

    public FetchResponse respond(String text) {
        return new FetchResponse(new Streams.Generated(1, i -> text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.util.Map.of("status", 201L));
    }
}
