package dev.capnweb.interop;

import dev.capnweb.Blob;
import dev.capnweb.Publishers;
import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;
import dev.capnweb.StreamSink;
import dev.capnweb.Undefined;

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

    /** @return {@code i * i} with JavaScript's arithmetic: 2 gives 4, 1.5 gives 2.25, "3" gives 9 */
    public Object square(Object i) {
        return JsOps.multiply(i, i);
    }

    /** @return {@code {result: self.square(i)}}, the call not awaited, as the reference does */
    public Map<String, Object> callSquare(RpcStub self, Object i) {
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

    /** @return a counter starting at {@code i} (0 when undefined, as the reference's default argument) */
    public InteropCounter makeCounter(Object i) {
        return new InteropCounter(i == Undefined.INSTANCE ? 0L : i);
    }

    /** @return {@code c.increment(i)}, forwarded without waiting */
    public RpcPromise incrementCounter(RpcStub c, Object i) {
        return c.call("increment", i == Undefined.INSTANCE ? 1L : i);
    }

    /** @return the first {@code length} Fibonacci numbers, as doubles and with slice's rules, as the reference */
    public List<Double> generateFibonacci(Object length) {
        List<Double> result = new ArrayList<>(List.of(0.0, 1.0));
        while (JsOps.lessThan(result.size(), length)) {
            result.add(result.get(result.size() - 1) + result.get(result.size() - 2));
        }
        if (length == Undefined.INSTANCE) {
            return result;
        }
        double end = JsOps.toNumber(length);
        int size = result.size();
        // Array.prototype.slice(0, end): ToIntegerOrInfinity, negative counts from the end.
        double whole = Double.isNaN(end) ? 0 : end < 0 ? Math.ceil(end) : Math.floor(end);
        int cut = (int) (whole < 0 ? Math.max(size + whole, 0) : Math.min(whole, size));
        return new ArrayList<>(result.subList(0, cut));
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
    public Flow.Publisher<Object> makeStream(Object n) {
        return Publishers.fromIterable(() -> IntStream.iterate(0, i -> JsOps.lessThan(i, n), i -> i + 1)
                .mapToObj(InteropTestTarget::streamChunk).iterator());
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
    public CompletionStage<String> writeTo(StreamSink<Object> sink, Object n) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; JsOps.lessThan(i, n); i++) {
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
