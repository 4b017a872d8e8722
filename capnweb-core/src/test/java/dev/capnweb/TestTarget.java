package dev.capnweb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The reference's TestTarget (reference-behaviour.md §8.0), with the same behaviour. */
public class TestTarget extends RpcTarget {
    /** Closes of the counters this target made; per instance, so tests never see each other's. */
    final java.util.concurrent.atomic.AtomicInteger countersClosed = new java.util.concurrent.atomic.AtomicInteger();

    public long square(long i) {
        return i * i;
    }

    public Map<String, Object> callSquare(RpcStub self, long i) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("result", self.call("square", i));
        return result;
    }

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

    public Counter makeCounter(long i) {
        return new Counter(i, countersClosed);
    }

    public RpcPromise incrementCounter(RpcStub c, Long i) {
        return c.call("increment", i == null ? 1L : i);
    }

    public List<Long> generateFibonacci(int length) {
        List<Long> result = new ArrayList<>();
        long a = 0;
        long b = 1;
        for (int k = 0; k < length; k++) {
            result.add(a);
            long next = a + b;
            a = b;
            b = next;
        }
        return result;
    }

    public Object returnNull() {
        return null;
    }

    public void returnUndefined() {
    }

    public Object returnNumber(Object i) {
        return i;
    }

    public Object echo(Object v) {
        return v;
    }
}
