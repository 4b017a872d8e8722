package dev.capnweb.internal;

import dev.capnweb.RpcException;
import dev.capnweb.Undefined;
import dev.capnweb.internal.codec.CodecLimits;
import dev.capnweb.internal.codec.WireFormatException;
import dev.capnweb.internal.codec.WireReader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Applies an incoming {@code remap} (a {@code .map()} recorded by the peer) as the reference's
 * {@code applyMap} does: once per element of an array, once for any other value, not at all for
 * null and undefined. Errors while applying reject the map's result; they never end the session.
 */
final class MapApplier {
    private MapApplier() {
    }

    /**
     * @param session      the session (its lane runs everything here)
     * @param subject      what the map reads: an export of this session or a mapper variable; not owned
     * @param path         the property path on the subject
     * @param captures     the captures' hooks, owned: disposed once the map has run
     * @param instructions the instruction list's JSON text
     * @return a promise of the mapped value
     */
    static Hook apply(SessionCore session, Hook subject, List<Object> path, List<Hook> captures, String instructions) {
        LocalPromiseHook result = new LocalPromiseHook(session.lane());
        Hook target = path.isEmpty() ? subject.get(List.of()) : subject.get(path);
        valueOf(target).whenComplete((value, err) -> session.lane().run(() -> {
            try {
                result.resolve(err != null ? new ErrorHook(Futures.unwrap(err))
                        : mapValue(session, value, captures, instructions));
            } catch (RuntimeException e) {
                result.resolve(new ErrorHook(asRpc(e)));
            } finally {
                target.dispose();
                for (Hook c : captures) {
                    c.dispose();
                }
            }
        }));
        return result;
    }

    /** A stub is mapped as itself; anything else is first resolved to its value. */
    private static CompletableFuture<Object> valueOf(Hook hook) {
        Hook settled = LocalPromiseHook.settled(hook);
        if (settled instanceof TargetHook t) {
            return CompletableFuture.completedFuture(t.target());
        }
        if (settled instanceof ImportHook i && !i.isPromise()) {
            return CompletableFuture.completedFuture(StubAccess.newStub(hook.dup()));
        }
        return hook.pullForLocalUse();
    }

    private static Hook mapValue(SessionCore session, Object value, List<Hook> captures, String instructions) {
        if (value == null || value == Undefined.INSTANCE) {
            return new PayloadHook(Payload.ofReturn(value));
        }
        List<String> steps = WireReader.arrayElements(instructions, CodecLimits.DEFAULTS);
        List<Payload> parts = new ArrayList<>();
        try {
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    parts.add(mapElement(session, element, captures, steps));
                }
            } else {
                parts.add(mapElement(session, value, captures, steps));
            }
        } catch (RuntimeException e) {
            parts.forEach(Payload::dispose);
            throw e;
        }
        // Element results may still hold promises (calls the mapper made): settle them first.
        LocalPromiseHook settledResult = new LocalPromiseHook(session.lane());
        CompletableFuture<?>[] resolving = parts.stream().map(Payload::resolve).toArray(CompletableFuture<?>[]::new);
        CompletableFuture.allOf(resolving).whenComplete((ignored, err) -> session.lane().run(() -> {
            if (err != null) {
                parts.forEach(Payload::dispose);
                settledResult.resolve(new ErrorHook(Futures.unwrap(err)));
                return;
            }
            Object mapped;
            if (value instanceof List<?>) {
                List<Object> values = new ArrayList<>(parts.size());
                parts.forEach(p -> values.add(p.value()));
                mapped = values;
            } else {
                mapped = parts.get(0).value();
            }
            settledResult.resolve(new PayloadHook(Payload.composite(mapped, parts)));
        }));
        return settledResult;
    }

    private static Payload mapElement(SessionCore session, Object element, List<Hook> captures, List<String> steps) {
        if (steps.isEmpty()) {
            throw new RpcException("Error", "Invalid empty mapper function.");
        }
        MapScope scope = new MapScope(captures, new PayloadHook(Payload.borrowed(element)));
        Evaluator evaluator = new Evaluator(session, scope);
        try {
            for (int i = 0; i < steps.size() - 1; i++) {
                scope.add(new PayloadHook(evaluator.evaluate(WireReader.readExpression(steps.get(i), CodecLimits.DEFAULTS))));
            }
            return evaluator.evaluate(WireReader.readExpression(steps.get(steps.size() - 1), CodecLimits.DEFAULTS));
        } finally {
            scope.dispose();
        }
    }

    private static RpcException asRpc(RuntimeException e) {
        if (e instanceof RpcException r) {
            return r;
        }
        if (e instanceof WireFormatException w) {
            return new RpcException(w.jsName(), w.getMessage());
        }
        return new RpcException("Error", String.valueOf(e.getMessage()));
    }
}
