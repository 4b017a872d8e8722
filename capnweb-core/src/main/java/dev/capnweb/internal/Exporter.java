package dev.capnweb.internal;

import dev.capnweb.Blob;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.StreamSink;
import dev.capnweb.internal.codec.Parsed;
import dev.capnweb.internal.codec.WireRef;
import dev.capnweb.internal.codec.WriteContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Exports the capabilities met while one message is written. Every occurrence gets a fresh
 * export ID, as the reference does, so the peer's single {@code release} per ID always balances.
 * If writing fails, the exports made so far are rolled back; promises exported by a message
 * start resolving only once that message is sent, and streams start flowing only then.
 */
final class Exporter implements WriteContext {
    private final SessionCore session;
    private final List<Long> exported = new ArrayList<>();
    private List<Long> promises;
    /** A pipe this message opened, and how it starts flowing once the message is sent. */
    private record OpenedPipe(RemoteWritable pipe, Runnable start) {
    }

    /** Null until the message opens its first pipe. */
    private List<OpenedPipe> pipes;

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
        if (value instanceof Flow.Publisher<?> publisher) {
            RemoteWritable pipe = openPipe(out -> PublisherPump.start(session.lane(), publisher, out));
            return new WireRef.Readable(pipe.importId());
        }
        if (value instanceof Blob blob) {
            RemoteWritable pipe = openPipe(out -> BlobSender.start(session.lane(), blob.bytes(), out));
            return new WireRef.Blob(blob.type(), new Parsed(new WireRef.Readable(pipe.importId()), List.of()));
        }
        if (value instanceof StreamSink<?> sink) {
            return new WireRef.Writable(export(new SinkHook(session.lane(), sink)));
        }
        return null;
    }

    /** Pipes go out at once (before the message that names them); their data after that message. */
    private RemoteWritable openPipe(java.util.function.Consumer<RemoteWritable> start) {
        RemoteWritable pipe = session.openPipe();
        if (pipes == null) {
            pipes = new ArrayList<>();
        }
        pipes.add(new OpenedPipe(pipe, () -> start.accept(pipe)));
        return pipe;
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
        // The pipes were announced already; releasing them tells the peer they carry nothing.
        if (pipes != null) {
            for (OpenedPipe opened : pipes) {
                opened.pipe().abandon();
            }
        }
        pipes = null;
    }

    /** The message was sent: promises it introduced now resolve on their own, as in the reference. */
    void sent() {
        if (promises != null) {
            for (long id : promises) {
                session.ensureResolvingExport(id);
            }
        }
        if (pipes != null) {
            for (OpenedPipe opened : pipes) {
                // Queued: the sender of this message still has to take the message's own ID.
                session.lane().execute(opened.start());
            }
        }
        pipes = null;
    }
}
