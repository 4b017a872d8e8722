package dev.capnweb.interop;

import dev.capnweb.Blob;
import dev.capnweb.Publishers;
import dev.capnweb.RpcException;
import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.SessionStats;
import dev.capnweb.StreamSink;
import dev.capnweb.Undefined;
import dev.capnweb.http.HttpBatchClient;
import dev.capnweb.http.HttpBatchSession;
import dev.capnweb.ws.WebSocketRpc;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The interop scenarios of {@code js/client.mjs}, run by the Java client against any server that
 * exposes the reference's test API. Every result is asked for before the first wait, so the same
 * scenario runs over WebSocket and in one HTTP batch.
 */
final class JavaScenarios {
    /** One scenario: calls on the server's main object, throwing on any mismatch. */
    interface Body {
        void run(RpcStub api) throws Exception;
    }

    record Scenario(String name, boolean webSocketOnly, Body body) {
    }

    private interface Step {
        void run() throws Exception;
    }

    private JavaScenarios() {
    }

    /** The values echoed through {@code returnNumber}, as in js/client.mjs. */
    static Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("integers", List.of(0L, 1L, -1L, 9007199254740991L, -9007199254740991L, 1234567890123L));
        v.put("floats", List.of(0.1, -2.5, 1e300, Double.MIN_VALUE, Double.MAX_VALUE));
        v.put("non-finite", List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN));
        v.put("strings", List.of("", "plain", "unicode \u00e9\u4e2d\ud83d\ude00", "new\nline \"quoted\" \\ back",
                "\u2028\u2029\u0000"));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1L, List.of(2L, List.of(3L, List.of(4L)))));
        nested.put("object", Map.of("a", Map.of("b", Map.of("c", "deep"))));
        nested.put("mixed", List.of(Map.of("x", List.of(true, false))));
        v.put("nested", nested);
        Map<String, Object> holes = new LinkedHashMap<>();
        holes.put("a", null);
        holes.put("b", Undefined.INSTANCE);
        v.put("null vs undefined", Arrays.asList(null, Undefined.INSTANCE, holes));
        v.put("bigint", List.of(BigInteger.ZERO, new BigInteger("12345678901234567890123"), BigInteger.valueOf(-42)));
        v.put("dates", List.of(Instant.ofEpochMilli(0), Instant.ofEpochMilli(1700000000123L), Instant.ofEpochMilli(-86400000)));
        byte[] many = new byte[300];
        for (int i = 0; i < many.length; i++) {
            many[i] = (byte) i;
        }
        v.put("bytes", List.of(new byte[0], new byte[] {0, 1, 2, (byte) 254, (byte) 255}, many));
        v.put("errors", List.of(new RpcException("RangeError", "out of range"), new RpcException("TypeError", "wrong type"),
                new RpcException("Error", "plain")));
        return v;
    }

    static List<Scenario> all() {
        List<Scenario> list = new ArrayList<>();
        list.add(new Scenario("square", false, api -> expect(api.call("square", 3).join(), 9L, "square(3)")));
        list.add(new Scenario("callSquare", false,
                api -> expect(api.call("callSquare", api, 5).join(), Map.of("result", 25L), "callSquare(self, 5)")));
        list.add(new Scenario("throwError", false, api -> {
            try {
                api.call("throwError").join();
                throw new AssertionError("throwError() did not fail");
            } catch (RpcException e) {
                expect(e.name(), "RangeError", "name");
                expect(e.getMessage(), "test error", "message");
            }
        }));
        list.add(new Scenario("makeCounter", false, api -> {
            RpcPromise c = api.call("makeCounter", 4);
            CompletableFuture<Object> incremented = c.call("increment", 3).toCompletableFuture();
            CompletableFuture<Object> value = c.get("value").toCompletableFuture();
            expect(await(incremented), 7L, "increment(3)");
            expect(await(value), 7L, "value");
        }));
        list.add(new Scenario("incrementCounter", false, api -> {
            RpcPromise c = api.call("makeCounter", 10);
            expect(api.call("incrementCounter", c, 5).join(), 15L, "incrementCounter(c, 5)");
        }));
        list.add(new Scenario("generateFibonacci", false, api -> expect(api.call("generateFibonacci", 10).join(),
                List.of(0L, 1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L), "fib(10)")));
        list.add(new Scenario("returnNull", false, api -> expect(api.call("returnNull").join(), null, "returnNull()")));
        list.add(new Scenario("returnUndefined", false,
                api -> expect(api.call("returnUndefined").join(), Undefined.INSTANCE, "returnUndefined()")));
        list.add(new Scenario("returnNumber", false, api -> expect(api.call("returnNumber", 42.5).join(), 42.5, "returnNumber(42.5)")));
        list.add(new Scenario("javascript inputs", false, api -> {
            // The Java twin of the test target answers these inputs as the TypeScript one does.
            CompletableFuture<Object> fraction = api.call("square", 1.5).toCompletableFuture();
            CompletableFuture<Object> text = api.call("square", "3").toCompletableFuture();
            CompletableFuture<Object> undefinedBack = api.call("returnNumber", Undefined.INSTANCE).toCompletableFuture();
            CompletableFuture<Object> fib = api.call("generateFibonacci", 3.5).toCompletableFuture();
            expect(await(fraction), 2.25, "square(1.5)");
            expect(await(text), 9L, "square(\"3\")");
            expect(await(undefinedBack), Undefined.INSTANCE, "returnNumber(undefined)");
            expect(await(fib), List.of(0L, 1L, 1L), "generateFibonacci(3.5)");
        }));
        list.add(new Scenario("values", false, api -> {
            Map<String, CompletableFuture<Object>> results = new LinkedHashMap<>();
            values().forEach((name, value) -> results.put(name, api.call("returnNumber", value).toCompletableFuture()));
            for (Map.Entry<String, Object> e : values().entrySet()) {
                expect(await(results.get(e.getKey())), e.getValue(), e.getKey());
            }
        }));
        list.add(new Scenario("pipelining", false, api -> {
            RpcPromise counter = api.call("makeCounter", 2);
            CompletableFuture<Object> squared = api.call("square", counter.call("increment", 3)).toCompletableFuture();
            CompletableFuture<Object> value = api.call("makeCounter", 6).get("value").toCompletableFuture();
            expect(await(squared), 25L, "square(makeCounter(2).increment(3))");
            expect(await(value), 6L, "makeCounter(6).value");
        }));
        list.add(new Scenario("thousand concurrent calls", false, api -> {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                calls.add(api.call("square", i).toCompletableFuture());
            }
            for (int i = 0; i < 1000; i++) {
                expect(await(calls.get(i)), (long) i * i, "square(" + i + ")");
            }
        }));
        list.add(new Scenario("map", false, api -> {
            // Recorded here as ["remap", ...]; the server applies it.
            RpcPromise counter = api.call("makeCounter", 5);
            CompletableFuture<Object> squares = api.call("generateFibonacci", 6)
                    .map(i -> api.call("square", i)).toCompletableFuture();
            CompletableFuture<Object> nested = api.call("generateFibonacci", 4)
                    .map(i -> api.call("generateFibonacci", i).map(j -> api.call("square", j))).toCompletableFuture();
            CompletableFuture<Object> objects = api.call("generateFibonacci", 3)
                    .map(i -> Map.of("n", i, "sq", api.call("square", i))).toCompletableFuture();
            CompletableFuture<Object> single = api.call("returnNumber", 7).map(i -> api.call("square", i)).toCompletableFuture();
            CompletableFuture<Object> none = api.call("returnNull").map(i -> api.call("square", i)).toCompletableFuture();
            CompletableFuture<Object> captured = api.call("generateFibonacci", 3)
                    .map(i -> counter.call("increment", i)).toCompletableFuture();
            expect(await(squares), List.of(0L, 1L, 1L, 4L, 9L, 25L), "fib(6).map(square)");
            expect(await(nested), List.of(List.of(), List.of(0L), List.of(0L), List.of(0L, 1L)), "nested map");
            expect(await(objects), List.of(Map.of("n", 0L, "sq", 0L), Map.of("n", 1L, "sq", 1L), Map.of("n", 1L, "sq", 1L)),
                    "map to objects");
            expect(await(single), 49L, "map over a single value");
            expect(await(none), null, "map over null");
            expect(await(captured), List.of(5L, 6L, 7L), "map calling a captured counter");
        }));
        list.add(new Scenario("nonexistent method", false, api -> {
            try {
                api.call("noSuchMethod", 1).join();
                throw new AssertionError("noSuchMethod() did not fail");
            } catch (RpcException expected) {
                // Any error will do: the reference and Java word it differently.
            }
        }));
        // Streams need the peer to answer while they flow, which a batch cannot: WebSocket only.
        list.add(new Scenario("stream from server", true, api -> {
            Flow.Publisher<?> stream = (Flow.Publisher<?>) api.call("makeStream", 1000).join();
            expect(Publishers.collect(stream).get(30, TimeUnit.SECONDS), chunks(1000), "makeStream(1000)");
        }));
        list.add(new Scenario("stream to server", true, api -> {
            Flow.Publisher<Object> mine = Publishers.fromIterable(chunks(1000));
            expect(api.call("readAll", mine).join(), chunks(1000), "readAll(1,000 chunks)");
        }));
        list.add(new Scenario("client writes to server sink", true, api -> {
            @SuppressWarnings("unchecked")
            StreamSink<Object> sink = api.call("makeSink").join(StreamSink.class);
            CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
            for (Object chunk : chunks(1000)) {
                written = written.thenCompose(v -> sink.write(chunk).toCompletableFuture());
            }
            written.thenCompose(v -> sink.close().toCompletableFuture()).get(30, TimeUnit.SECONDS);
            expect(api.call("sunk").join(), chunks(1000), "what the server's sink took");
        }));
        list.add(new Scenario("server writes to client sink", true, api -> {
            List<Object> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
            StreamSink<Object> sink = new StreamSink<>() {
                @Override
                public java.util.concurrent.CompletionStage<Void> write(Object chunk) {
                    taken.add(chunk);
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public java.util.concurrent.CompletionStage<Void> close() {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public java.util.concurrent.CompletionStage<Void> abort(Throwable reason) {
                    return CompletableFuture.completedFuture(null);
                }
            };
            expect(api.call("writeTo", sink, 100).join(), "done", "writeTo(sink, 100)");
            expect(taken, chunks(100), "what the client's sink took");
        }));
        list.add(new Scenario("echoBlob", true, api -> {
            byte[] big = new byte[1 << 20];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 7);
            }
            CompletableFuture<Object> small = api.call("echoBlob", Blob.ofText("hello blob", "text/plain")).toCompletableFuture();
            CompletableFuture<Object> large = api.call("echoBlob", new Blob("application/octet-stream", big)).toCompletableFuture();
            CompletableFuture<Object> empty = api.call("echoBlob", new Blob("", new byte[0])).toCompletableFuture();
            expect(await(small), Blob.ofText("hello blob", "text/plain"), "a text blob with its type");
            expect(await(large), new Blob("application/octet-stream", big), "1 MiB of bytes");
            expect(await(empty), new Blob("", new byte[0]), "an empty blob");
        }));
        list.add(new Scenario("callFunction", true, api -> {
            List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            RpcFunction twice = args -> {
                seen.add(args.get(0));
                return ((Number) args.get(0)).longValue() * 2;
            };
            expect(api.call("callFunction", twice, 7).join(), Map.of("result", 14L), "callFunction(x -> x * 2, 7)");
            expect(seen, List.of(7L), "callback arguments");
        }));
        return list;
    }

    /** Runs every scenario over one WebSocket session, then disposal on a session of its own. */
    static Map<String, Throwable> overWebSocket(URI uri) {
        Map<String, Throwable> outcome = new LinkedHashMap<>();
        try (RpcSession session = WebSocketRpc.connect(uri)) {
            for (Scenario s : all()) {
                outcome.put(s.name(), attempt(() -> s.body().run(session.main())));
            }
        }
        outcome.put("disposal", attempt(() -> {
            try (RpcSession own = WebSocketRpc.connect(uri)) {
                RpcStub counter = (RpcStub) own.main().call("makeCounter", 1).join();
                expect(counter.call("increment").join(), 2L, "increment()");
                counter.close();
                expect(own.main().call("square", 2).join(), 4L, "a call after the release");
                expect(own.stats(), new SessionStats(1, 1), "client tables after disposal");
            }
        }));
        return outcome;
    }

    /** Runs every scenario that needs no callback, each in a batch of its own. */
    static Map<String, Throwable> overHttpBatch(URI uri) {
        Map<String, Throwable> outcome = new LinkedHashMap<>();
        try (HttpBatchClient client = HttpBatchClient.create()) {
            for (Scenario s : all()) {
                if (s.webSocketOnly()) {
                    continue;
                }
                outcome.put(s.name(), attempt(() -> {
                    try (HttpBatchSession batch = client.open(uri)) {
                        s.body().run(batch.main());
                    }
                }));
            }
        }
        return outcome;
    }

    private static List<Object> chunks(int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(InteropTestTarget.streamChunk(i));
        }
        return out;
    }

    private static Throwable attempt(Step body) {
        try {
            body.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static Object await(CompletableFuture<Object> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static void expect(Object actual, Object expected, String what) {
        if (!same(actual, expected)) {
            throw new AssertionError(what + ": expected " + show(expected) + ", got " + show(actual));
        }
    }

    /** Equality for every value type the wire carries. */
    static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof RpcException x && b instanceof RpcException y) {
            return x.name().equals(y.name()) && Objects.equals(x.getMessage(), y.getMessage());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static String show(Object v) {
        if (v instanceof byte[] b) {
            return Arrays.toString(b);
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(show(x)));
            return parts.toString();
        }
        if (v instanceof RpcException e) {
            return e.name() + ": " + e.getMessage();
        }
        return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
    }
}
