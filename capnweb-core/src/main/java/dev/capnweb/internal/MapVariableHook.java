package dev.capnweb.internal;

import dev.capnweb.RpcException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A value inside a {@code map()} being recorded: the element (variable 0), or the result of a
 * recorded instruction. It stands for something that exists only on the peer, later; calls on it
 * are recorded, and anything that would need its value fails with an explanation.
 */
final class MapVariableHook extends Hook {
    final MapRecorder recorder;
    final long index;

    MapVariableHook(MapRecorder recorder, long index) {
        this.recorder = recorder;
        this.index = index;
    }

    static RpcException misuse() {
        return new RpcException("Error", "Attempted to use an abstract placeholder from a mapper function. Please make "
                + "sure your map function has no side effects: it runs once, to record calls, and cannot wait for "
                + "results (no join, get, thenApply...) or use the element as a plain value.");
    }

    @Override
    public SerialLane lane() {
        return null;
    }

    @Override
    public Hook call(List<Object> path, Payload args) {
        MapRecorder current = MapRecorder.current();
        if (current == null) {
            throw misuse();
        }
        return current.pushCall(this, path, args.listValue());
    }

    @Override
    public Hook get(List<Object> path) {
        if (path.isEmpty()) {
            return this;
        }
        MapRecorder current = MapRecorder.current();
        if (current == null) {
            throw misuse();
        }
        return current.pushGet(this, path);
    }

    @Override
    public Hook dup() {
        return this;
    }

    @Override
    public CompletableFuture<Object> pull() {
        return CompletableFuture.failedFuture(misuse());
    }

    @Override
    public void dispose() {
        // Nothing is held: the variable exists only in the recording.
    }

    @Override
    public void onBroken(Consumer<Throwable> callback) {
        // A placeholder never breaks.
    }
}
