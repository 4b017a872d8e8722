package dev.capnweb.internal;

import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.Undefined;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code map()} on a stub or promise: records the callback and sends one {@code remap} to the
 * subject's owner, so the mapping costs no round trip per element. A subject that is local (or
 * already known here) is mapped here instead, running the callback per element.
 */
public final class MapSender {
    private MapSender() {
    }

    /**
     * A call made while a {@code map()} callback is being recorded on this thread is recorded
     * instead of made.
     *
     * @return the recorded result's hook, or null when nothing is being recorded
     */
    public static Hook recordedCall(Hook hook, List<Object> path, List<Object> args) {
        MapRecorder current = MapRecorder.current();
        return current == null ? null : current.pushCall(hook, path, args);
    }

    /**
     * @param hook   the subject's hook
     * @param path   the property path on it
     * @param mapper the callback
     * @return a promise hook for the mapped value
     */
    public static Hook map(Hook hook, List<Object> path, Function<RpcPromise, ?> mapper) {
        MapRecorder current = MapRecorder.current();
        if (current != null) {
            return current.pushNestedMap(hook, path, mapper);
        }
        MapRecorder.Recording recording = MapRecorder.record(mapper);
        SerialLane lane = hook.lane();
        if (lane == null) {
            recording.captures().forEach(Hook::dispose);
            return mapLocally(hook, path, mapper);
        }
        LocalPromiseHook result = new LocalPromiseHook(lane);
        lane.run(() -> {
            Hook settled = LocalPromiseHook.settled(hook);
            if (settled instanceof ImportHook ih && ih.entry() != null && ih.entry().session.importIdOf(settled) != null) {
                SessionCore session = ih.entry().session;
                result.resolve(session.sendMap(ih.entry().id, path, recording.captures(), recording.instructionsJson()));
            } else {
                recording.captures().forEach(Hook::dispose);
                result.resolve(mapLocally(settled, path, mapper));
            }
        });
        return result;
    }

    /** Maps a value known here: the callback runs for real, once per element. */
    private static Hook mapLocally(Hook hook, List<Object> path, Function<RpcPromise, ?> mapper) {
        Hook target = path.isEmpty() ? hook : hook.get(path);
        CompletableFuture<Object> input = target instanceof TargetHook t
                ? CompletableFuture.completedFuture(t.target()) : target.pull();
        SerialLane lane = SerialLane.current();
        LocalPromiseHook result = new LocalPromiseHook(lane);
        input.whenComplete((value, err) -> LocalCalls.onLane(lane, () -> {
            if (err != null) {
                result.resolve(new ErrorHook(Futures.unwrap(err)));
                return;
            }
            try {
                result.resolve(applyLocally(value, mapper));
            } catch (RuntimeException e) {
                result.resolve(new ErrorHook(e));
            }
        }));
        return result;
    }

    private static Hook applyLocally(Object value, Function<RpcPromise, ?> mapper) {
        if (value == null || value == Undefined.INSTANCE) {
            return new PayloadHook(Payload.ofReturn(value));
        }
        if (!(value instanceof List<?> list)) {
            return LocalCalls.resultHook(mapper.apply(RpcPromise.of(CompletableFuture.completedFuture(value))));
        }
        List<CompletableFuture<Object>> elements = new ArrayList<>();
        for (Object element : list) {
            Object mapped = mapper.apply(RpcPromise.of(CompletableFuture.completedFuture(element)));
            elements.add(mapped instanceof RpcStub s && s instanceof RpcPromise p
                    ? p.toCompletableFuture() : CompletableFuture.completedFuture(mapped));
        }
        CompletableFuture<Object> all = CompletableFuture.allOf(elements.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> {
                    List<Object> out = new ArrayList<>(elements.size());
                    elements.forEach(f -> out.add(f.join()));
                    return out;
                });
        return LocalCalls.resultHook(all);
    }
}
