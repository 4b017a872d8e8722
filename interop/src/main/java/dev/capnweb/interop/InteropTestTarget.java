package dev.capnweb.interop;

import dev.capnweb.Blob;
import dev.capnweb.Publishers;
import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.StreamSink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.stream.IntStream;

/**
 * The reference's test API ({@code TestTarget} of capnweb's own tests, reference-behaviour.md
 * §8.0), method for method, so the TypeScript test client can run against a Java server, plus
 * the stream methods of the interop scenarios ({@code js/test-target.mjs} has the same).
 */
public final class InteropTestTarget extends RpcTarget {
    private CompletableFuture<List<Object>> sinkClosed = new CompletableFuture<>();

    public long square(long i) {
        return i * i;
    }

    /** @return {@code {result: self.square(i)}}, the call not awaited, as the reference does */
    public Map<String, Object> callSquare(RpcStub self, long i) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("result", self.call("square", i));
        return result;
    }

    /** @return {@code {result: await func(i)}}, calling back into the caller */
    public CompletionStage<Map<String, Object>> callFunction(RpcStub func, Object i) {
        return func.invoke(i).thenApply(v -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("result", v);
            return result;
        });
    }

    public Object throwError() {
        throw new RpcException("RangeError", "test error");
    }

    public InteropCounter makeCounter(long i) {
        return new InteropCounter(i);
    }

    /** @return {@code c.increment(i)}, forwarded without waiting */
    public RpcPromise incrementCounter(RpcStub c, Long i) {
        return c.call("increment", i == null ? 1L : i);
    }

    public List<Long> generateFibonacci(int length) {
        List<Long> result = new ArrayList<>(List.of(0L, 1L));
        while (result.size() < length) {
            result.add(result.get(result.size() - 1) + result.get(result.size() - 2));
        }
        return new ArrayList<>(result.subList(0, Math.max(0, Math.min(length, result.size()))));
    }

    public Object returnNull() {
        return null;
    }

    public void returnUndefined() {
    }

    /** @return its argument, whatever it is (the value round-trip tests use it as an echo) */
    public Object returnNumber(Object i) {
        return i;
    }

    public Blob echoBlob(Blob blob) {
        return new Blob(blob.type(), blob.bytes());
    }

    /** @return a ReadableStream of {@code n} chunks, made as the reader asks for them */
    public Flow.Publisher<Object> makeStream(int n) {
        return Publishers.fromIterable(() -> IntStream.range(0, n).mapToObj(InteropTestTarget::streamChunk).iterator());
    }

    /** @return every chunk of the stream, once it has ended */
    public CompletionStage<List<Object>> readAll(Flow.Publisher<Object> stream) {
        return Publishers.collect(stream);
    }

    /** @return a WritableStream whose chunks {@link #sunk()} reports once it is closed */
    public StreamSink<Object> makeSink() {
        List<Object> chunks = new ArrayList<>();
        CompletableFuture<List<Object>> closed = new CompletableFuture<>();
        sinkClosed = closed;
        return new StreamSink<>() {
            @Override
            public CompletionStage<Void> write(Object chunk) {
                chunks.add(chunk);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> close() {
                closed.complete(chunks);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> abort(Throwable reason) {
                closed.completeExceptionally(reason);
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    public CompletionStage<List<Object>> sunk() {
        return sinkClosed;
    }

    /** Writes {@code n} chunks to the caller's WritableStream, each after the last was accepted, then closes it. */
    public CompletionStage<String> writeTo(StreamSink<Object> sink, int n) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < n; i++) {
            Object chunk = streamChunk(i);
            chain = chain.thenCompose(v -> sink.write(chunk));
        }
        return chain.thenCompose(v -> sink.close()).thenApply(v -> "done");
    }

    /** @return chunk {@code i} of the interop streams: a string, bytes or an object, in turn */
    public static Object streamChunk(int i) {
        switch (i % 3) {
            case 0:
                return "chunk " + i;
            case 1:
                return new byte[] {(byte) i, (byte) (i >> 8), 7};
            default:
                return Map.of("i", (long) i);
        }
    }
}
