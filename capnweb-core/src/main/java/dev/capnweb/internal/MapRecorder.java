package dev.capnweb.internal;

import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.internal.codec.WireRef;
import dev.capnweb.internal.codec.WireWriter;
import dev.capnweb.internal.codec.WriteContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Records a {@code map()} callback into {@code remap} instructions (reference-behaviour.md §3.3):
 * the callback runs once, on the calling thread, with a placeholder for the element; every call
 * made meanwhile on any stub of that thread is recorded instead of made. Outside stubs the
 * callback uses become captures, one per use, as the reference records them.
 */
final class MapRecorder implements WriteContext {
    private static final ThreadLocal<MapRecorder> CURRENT = new ThreadLocal<>();

    private final MapRecorder parent;
    /** Top level: the hooks captured; nested: the parent's variable numbers. */
    private final List<Hook> captureHooks = new ArrayList<>();
    private final List<Long> parentCaptures = new ArrayList<>();
    private final List<String> instructions = new ArrayList<>();

    private MapRecorder(MapRecorder parent) {
        this.parent = parent;
    }

    /** @return the recording in progress on this thread, or null */
    static MapRecorder current() {
        return CURRENT.get();
    }

    /** What a recording produced, ready to send (top level) or to nest. */
    record Recording(List<Hook> captures, String instructionsJson) {
    }

    /**
     * Runs {@code mapper} once, recording.
     *
     * @return the captures (owned by the caller) and the instruction list
     */
    static Recording record(Function<RpcPromise, ?> mapper) {
        MapRecorder recorder = new MapRecorder(CURRENT.get());
        CURRENT.set(recorder);
        try {
            Object result = mapper.apply(StubAccess.newPromise(new MapVariableHook(recorder, 0)));
            if (result instanceof CompletionStage<?> && !(result instanceof RpcStub)) {
                throw new RpcException("Error", "RPC map() callbacks cannot be async: return the promise of a "
                        + "call (or a value holding such promises), not a CompletableFuture.");
            }
            recorder.instructions.add(WireWriter.value(result, recorder));
        } catch (RuntimeException e) {
            recorder.captureHooks.forEach(Hook::dispose);
            throw e;
        } finally {
            CURRENT.set(recorder.parent);
        }
        return new Recording(List.copyOf(recorder.captureHooks), "[" + String.join(",", recorder.instructions) + "]");
    }

    /**
     * A {@code map()} made inside this recording: becomes one nested {@code remap} instruction.
     *
     * @return the variable holding the nested map's result
     */
    Hook pushNestedMap(Hook subject, List<Object> path, Function<RpcPromise, ?> mapper) {
        long subjectVar = capture(subject);
        MapRecorder nested = new MapRecorder(this);
        CURRENT.set(nested);
        String instructionsJson;
        try {
            Object result = mapper.apply(StubAccess.newPromise(new MapVariableHook(nested, 0)));
            nested.instructions.add(WireWriter.value(result, nested));
            instructionsJson = "[" + String.join(",", nested.instructions) + "]";
        } finally {
            CURRENT.set(this);
        }
        StringBuilder caps = new StringBuilder("[");
        for (int i = 0; i < nested.parentCaptures.size(); i++) {
            caps.append(i == 0 ? "" : ",").append("[\"import\",").append(nested.parentCaptures.get(i)).append(']');
        }
        caps.append(']');
        instructions.add("[\"remap\"," + subjectVar + "," + pathJson(path) + "," + caps + "," + instructionsJson + "]");
        return new MapVariableHook(this, instructions.size());
    }

    Hook pushCall(Hook hook, List<Object> path, List<Object> args) {
        long subject = capture(hook);
        String argsJson = WireWriter.value(new ArrayList<>(args), this);
        // The writer escapes an array as [[...]]; an instruction's arguments are the bare list.
        argsJson = argsJson.substring(1, argsJson.length() - 1);
        instructions.add("[\"pipeline\"," + subject + "," + pathJson(path) + "," + argsJson + "]");
        return new MapVariableHook(this, instructions.size());
    }

    Hook pushGet(Hook hook, List<Object> path) {
        long subject = capture(hook);
        instructions.add("[\"pipeline\"," + subject + "," + pathJson(path) + "]");
        return new MapVariableHook(this, instructions.size());
    }

    private static String pathJson(List<Object> path) {
        String escaped = WireWriter.value(new ArrayList<>(path), WriteContext.PLAIN);
        return escaped.substring(1, escaped.length() - 1);
    }

    /** @return the variable number of {@code hook} here: its own index, or a new capture */
    long capture(Hook hook) {
        if (hook instanceof MapVariableHook v && v.recorder == this) {
            return v.index;
        }
        // Every use is a capture of its own, as the reference records them (the wire stays the same).
        if (parent != null) {
            parentCaptures.add(parent.capture(hook));
            return -parentCaptures.size();
        }
        if (hook instanceof MapVariableHook) {
            throw MapVariableHook.misuse();
        }
        captureHooks.add(hook.dup());
        return -captureHooks.size();
    }

    @Override
    public WireRef exportCapability(Object value) {
        if (value instanceof RpcStub stub) {
            Hook hook = StubAccess.hook(stub);
            long id = capture(hook);
            if (stub instanceof RpcPromise) {
                List<Object> path = StubAccess.path(stub);
                return new WireRef.Import(true, id, path.isEmpty() ? null : path, null);
            }
            return new WireRef.Import(false, id, null, null);
        }
        if (TargetHook.isCapability(value)) {
            throw new RpcException("Error", "Can't construct an RpcTarget or RPC callback inside a mapper function. "
                    + "Try creating a new RpcStub outside the callback first, then using it inside the callback.");
        }
        return null;
    }

    @Override
    public Throwable onSendError(Throwable error) {
        return null;
    }
}
