package dev.capnweb.interop;

import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The reference's test API ({@code TestTarget} of capnweb's own tests, reference-behaviour.md
 * §8.0), method for method, so the TypeScript test client can run against a Java server.
 * {@code echoBlob} waits for Blob support (see interop/README.md).
 */
public final class InteropTestTarget extends RpcTarget {
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
}
