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

    Payload payload() {
        return payload;
    }

    @Override
    public SerialLane lane() {
        return null;
    }

    @Override
    public Hook call(List<Object> path, Payload args) {
        if (payload.hasPendingPromises()) {
            return afterResolution(h -> h.call(path, args));
        }
        return LocalCalls.call(payload.value(), path, args);
    }

    @Override
    public Hook get(List<Object> path) {
        if (payload.hasPendingPromises()) {
            return afterResolution(h -> h.get(path));
        }
        if (path.isEmpty()) {
            return new PayloadHook(Payload.borrowed(payload.value()));
        }
        Hook hook = LocalCalls.get(payload.value(), path);
        if (hook instanceof PayloadHook ph) {
            // Part of this payload's tree: this payload keeps ownership.
            return new PayloadHook(Payload.borrowed(ph.payload.value()));
        }
        return hook;
    }

    /** Calls on a value whose promises are still settling wait for them, in order. */
    private Hook afterResolution(java.util.function.Function<Hook, Hook> op) {
        SerialLane lane = SerialLane.current();
        LocalPromiseHook result = new LocalPromiseHook(lane);
        payload.resolve().whenComplete((v, err) -> LocalCalls.onLane(lane, () ->
                result.resolve(err != null ? new ErrorHook(Futures.unwrap(err)) : op.apply(this))));
        return result;
    }

    @Override
    public Hook dup() {
        return new PayloadHook(Payload.borrowed(payload.value()));
    }

    @Override
    public CompletableFuture<Object> pull() {
        return payload.resolve();
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
