package dev.capnweb.internal;

import dev.capnweb.RpcStub;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A local value: a call's result, a pushed expression, or the main object. */
final class PayloadHook extends Hook {
    private final Payload payload;

    PayloadHook(Payload payload) {
        this.payload = payload;
    }

    /** @return the local value behind this hook (its promises may not be settled yet) */
    Object value() {
        return payload.value();
    }

    @Override
    public SerialLane lane() {
        return null;
    }

    /**
     * A call on the value. Promises inside a received value that have not settled are still in
     * the tree, so a call that reaches one is forwarded to it: pipelining, without waiting.
     */
    @Override
    public Hook call(List<Object> path, Payload args) {
        return LocalCalls.call(payload.value(), path, args);
    }

    @Override
    public Hook get(List<Object> path) {
        if (path.isEmpty()) {
            return copy();
        }
        Hook hook = LocalCalls.get(payload.value(), path);
        if (hook instanceof PayloadHook ph) {
            // Part of this payload's tree: this payload keeps ownership.
            return new PayloadHook(Payload.borrowed(payload, ph.payload.value()));
        }
        return hook;
    }

    @Override
    public Hook dup() {
        return copy();
    }

    /**
     * Another reference to the whole value. A value that is itself a promise is followed (so the
     * copy resolves to what it resolves to); one still holding unsettled promises is copied once
     * they settle, so the copy never exposes them.
     */
    private Hook copy() {
        Object value = payload.value();
        if (value instanceof RpcStub stub && stub instanceof dev.capnweb.RpcPromise) {
            return StubAccess.hook(stub).get(StubAccess.path(stub));
        }
        if (!payload.hasPendingPromises()) {
            return new PayloadHook(Payload.borrowed(payload, value));
        }
        SerialLane lane = SerialLane.current();
        LocalPromiseHook result = new LocalPromiseHook(lane);
        payload.resolve().whenComplete((v, err) -> LocalCalls.onLane(lane, () -> result.resolve(
                err != null ? new ErrorHook(Futures.unwrap(err)) : new PayloadHook(Payload.borrowed(payload, v)))));
        return result;
    }

    @Override
    public CompletableFuture<Object> pull() {
        payload.handOut();
        return payload.resolve();
    }

    @Override
    public CompletableFuture<Object> pullForLocalUse() {
        return payload.resolveForLocalUse();
    }

    @Override
    public void dispose() {
        payload.dispose();
    }

    @Override
    public void onBroken(Consumer<Throwable> callback) {
        if (payload.value() instanceof RpcStub stub) {
            StubAccess.hook(stub).onBroken(callback);
        }
    }
}
