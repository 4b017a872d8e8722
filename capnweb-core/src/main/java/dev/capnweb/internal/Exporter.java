package dev.capnweb.internal;

import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.internal.codec.WireRef;
import dev.capnweb.internal.codec.WriteContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Exports the capabilities met while one message is written. Every occurrence gets a fresh
 * export ID, as the reference does, so the peer's single {@code release} per ID always balances.
 * If writing fails, the exports made so far are rolled back; promises exported by a message
 * start resolving only once that message is sent.
 */
final class Exporter implements WriteContext {
    private final SessionCore session;
    private final List<Long> exported = new ArrayList<>();
    private List<Long> promises;

    Exporter(SessionCore session) {
        this.session = session;
    }

    @Override
    public WireRef exportCapability(Object value) {
        if (value instanceof RpcStub stub) {
            Hook hook = StubAccess.hook(stub);
            List<Object> path = StubAccess.path(stub);
            boolean promise = stub instanceof RpcPromise;
            Long importId = session.importIdOf(hook);
            if (importId != null) {
                // A capability the peer itself exported: point back at it.
                return promise ? new WireRef.Import(true, importId, path.isEmpty() ? null : path, null)
                        : new WireRef.Import(false, importId, null, null);
            }
            if (promise) {
                long id = export(hook.get(path));
                if (promises == null) {
                    promises = new ArrayList<>();
                }
                promises.add(id);
                return new WireRef.Promise(id);
            }
            return new WireRef.Export(export(hook.dup()));
        }
        if (TargetHook.isCapability(value)) {
            return new WireRef.Export(export(session.exportHookForTarget(value)));
        }
        return null;
    }

    private long export(Hook hook) {
        long id = session.exportStub(hook);
        exported.add(id);
        return id;
    }

    @Override
    public Throwable onSendError(Throwable error) {
        return session.onSendError(error);
    }

    /** The message was not sent: undo its exports. */
    void rollback() {
        for (long id : exported) {
            session.releaseExport(id, 1);
        }
        exported.clear();
        promises = null;
    }

    /** The message was sent: promises it introduced now resolve on their own, as in the reference. */
    void sent() {
        if (promises != null) {
            for (long id : promises) {
                session.ensureResolvingExport(id);
            }
        }
    }
}
