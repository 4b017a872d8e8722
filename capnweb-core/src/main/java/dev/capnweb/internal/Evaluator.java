package dev.capnweb.internal;

import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.internal.codec.Parsed;
import dev.capnweb.internal.codec.RefSlot;
import dev.capnweb.internal.codec.WireRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the references in a parsed expression into stubs and promises of the session, in
 * document order: {@code import}/{@code pipeline} reach this side's exports (and start calls at
 * once, which is what makes pipelining work), {@code export}/{@code promise} create imports.
 */
final class Evaluator {
    private final SessionCore session;
    /** Inside map instructions, the mapper's variables; null for a message's own expressions. */
    private final MapScope scope;

    Evaluator(SessionCore session) {
        this(session, null);
    }

    Evaluator(SessionCore session, MapScope scope) {
        this.session = session;
        this.scope = scope;
    }

    private Hook reach(long id) {
        return scope != null ? scope.variable(id) : session.exportHook(id);
    }

    private void noStreamsInMapper() {
        if (scope != null) {
            throw new RpcException("Error", "A mapper function cannot use streams.");
        }
    }

    private void noExportsInMapper() {
        if (scope != null) {
            throw new RpcException("Error", "A mapper function cannot refer to exports.");
        }
    }

    Payload evaluate(Parsed parsed) {
        if (parsed.refs().isEmpty()) {
            return Payload.received(parsed, List.of(), List.of());
        }
        List<RpcStub> stubs = new ArrayList<>(2);
        List<Payload.PromiseSlot> promises = new ArrayList<>(2);
        List<Pipe> readables = new ArrayList<>(0);
        try {
            for (RefSlot slot : parsed.refs()) {
                Object value = resolve(slot.ref(), stubs, readables);
                if (slot.discard()) {
                    if (value instanceof RemoteWritable writable) {
                        writable.abandon();
                    }
                    Payload.received(parsed, takeLast(stubs, value), List.of(), takeLast(readables, value)).dispose();
                    continue;
                }
                slot.setter().accept(value);
                if (value instanceof RpcPromise promise && awaited(slot.ref())) {
                    promises.add(new Payload.PromiseSlot(promise, slot.setter()));
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // A later reference failed (unknown ID, full table, ...): what the earlier ones made
            // locally, calls already started among them, has no owner now, so it is released
            // here. Imports are left to the abort that follows, which drops the whole table
            // without sending a release for each.
            List<RpcStub> local = new ArrayList<>();
            for (RpcStub stub : stubs) {
                if (!(StubAccess.hook(stub) instanceof ImportHook)) {
                    local.add(stub);
                }
            }
            Payload.received(parsed, local, List.of(), readables).dispose();
            throw e;
        }
        parsed.releaseRefs();
        return Payload.received(parsed, compact(stubs), compact(promises), compact(readables));
    }

    /** An unpulled push keeps its payload's lists for as long as it lives: no spare capacity. */
    private static <T> List<T> compact(List<T> list) {
        return list.isEmpty() ? List.of() : list.size() == 1 ? List.of(list.get(0)) : list;
    }

    /** @return a list holding {@code value} if it was the last one added to {@code list}, which loses it */
    private static <T> List<T> takeLast(List<T> list, Object value) {
        if (!list.isEmpty() && list.get(list.size() - 1) == value) {
            return List.of(list.remove(list.size() - 1));
        }
        return List.of();
    }

    /** {@code pipeline} and {@code promise} are delivered resolved; {@code import} and {@code export} as stubs. */
    private static boolean awaited(WireRef ref) {
        return ref instanceof WireRef.Promise || ref instanceof WireRef.Remap || ref instanceof WireRef.Blob
                || (ref instanceof WireRef.Import i && i.pipeline());
    }

    private Object resolve(WireRef ref, List<RpcStub> stubs, List<Pipe> readables) {
        if (ref instanceof WireRef.Readable r) {
            noStreamsInMapper();
            Pipe pipe = session.takePipeReadable(r.id());
            readables.add(pipe);
            return pipe;
        }
        if (ref instanceof WireRef.Writable w) {
            noStreamsInMapper();
            // The writer owns the import, as a WritableStream the reference builds on it does.
            return session.importWritable(w.id());
        }
        RpcStub result;
        if (ref instanceof WireRef.Import i) {
            Hook target = reach(i.id());
            Hook hook;
            if (i.args() != null) {
                Payload args = evaluate(i.args());
                hook = target.call(i.path() == null ? List.of() : i.path(), args);
            } else if (i.path() != null) {
                hook = target.get(i.path());
            } else {
                hook = i.pipeline() ? target.get(List.of()) : target.dup();
            }
            boolean plainStub = !i.pipeline() && i.path() == null && i.args() == null;
            result = plainStub ? StubAccess.newStub(hook) : StubAccess.newPromise(hook);
        } else if (ref instanceof WireRef.Export e) {
            noExportsInMapper();
            result = StubAccess.newStub(session.importStub(e.id()));
        } else if (ref instanceof WireRef.Promise p) {
            noExportsInMapper();
            result = StubAccess.newPromise(session.importPromise(p.id()));
        } else if (ref instanceof WireRef.Remap m) {
            Hook subject = reach(m.id());
            List<Hook> captures = new ArrayList<>();
            try {
                for (WireRef.Capture c : m.captures()) {
                    if (c.export()) {
                        // Nested maps capture their parent's variables with "import" only.
                        noExportsInMapper();
                        captures.add(session.importStub(c.id()));
                    } else {
                        captures.add(reach(c.id()).dup());
                    }
                }
            } catch (RuntimeException err) {
                captures.forEach(Hook::dispose);
                throw err;
            }
            result = StubAccess.newPromise(MapApplier.apply(session, subject, m.path(), captures, m.instructionsJson()));
        } else {
            WireRef.Blob blob = (WireRef.Blob) ref;
            noStreamsInMapper();
            Payload content = evaluate(blob.content());
            if (!(content.value() instanceof Pipe pipe)) {
                content.dispose();
                throw new RpcException("TypeError", "Blob content must be serialized as a ReadableStream.");
            }
            // Delivered only once every byte is in: the slot is awaited like a promise.
            result = StubAccess.newPromise(BlobReader.read(session.lane(), blob.type(), pipe));
        }
        stubs.add(result);
        return result;
    }
}
