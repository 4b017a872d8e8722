package dev.capnweb.internal;

import dev.capnweb.MemoryBudget;
import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.SessionOptions;
import dev.capnweb.SessionStats;
import dev.capnweb.internal.codec.CodecLimits;
import dev.capnweb.internal.codec.WireFormatException;
import dev.capnweb.internal.codec.WireMessage;
import dev.capnweb.internal.codec.WireReader;
import dev.capnweb.internal.codec.WireRef;
import dev.capnweb.internal.codec.WireWriter;
import dev.capnweb.internal.codec.WriteContext;
import dev.capnweb.spi.RpcTransport;
import dev.capnweb.spi.SendRefusedException;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One Cap'n Web session: the import and export tables, the handling of each incoming message,
 * and the sending of calls, pulls, resolutions and releases. Everything here runs on the
 * session's {@link SerialLane}; the transport's callbacks only queue work onto it.
 */
public final class SessionCore implements RpcTransport.Receiver {
    private final RpcTransport transport;
    private final SessionOptions options;
    private final CodecLimits limits;
    private final SerialLane lane;
    private final Evaluator evaluator = new Evaluator(this);

    private final LongTable<ImportEntry> imports = new LongTable<>();
    private final LongTable<ExportEntry> exports = new LongTable<>();
    /** Our {@code stream} messages awaiting their answer, by the ID the peer answers on. */
    private final LongTable<CompletableFuture<Void>> streamAcks = new LongTable<>();
    /**
     * Local targets this session has exported, by identity: every export of one object shares
     * one count, so its {@code close()} runs once, after the last export is released.
     */
    private final Map<Object, TargetHook> exportedTargets = new IdentityHashMap<>();
    /** Next ID for our push/stream/pipe; the peer counts the same sequence as its exports. */
    private long nextImportId = 1;
    /** Next ID for a push/stream/pipe the peer sends us. */
    private long nextPeerPushId = 1;
    /** Next ID for a stub or promise we export. */
    private long nextExportId = -1;

    private final List<Consumer<Throwable>> brokenCallbacks = new ArrayList<>();
    private volatile Throwable abortReason;
    private int pullCount;
    private CompletableFuture<Void> drained;
    private volatile SessionStats stats = new SessionStats(1, 1);
    private final ImportHook.Main mainHook;
    /** What the peer's entries hold, charged against the session's limit and the shared budget. */
    private final BudgetAccount budget;

    /**
     * @param transport the transport, not yet started
     * @param localMain the object the peer reaches as its main, or null for none
     * @param options   the options
     * @param budget    the shared budget of {@code options}
     */
    public SessionCore(RpcTransport transport, Object localMain, SessionOptions options, BudgetPool budget) {
        this.transport = transport;
        this.options = options;
        this.budget = new BudgetAccount(budget, options.maxRetainedBytes());
        this.limits = new CodecLimits(options.maxMessageSize(), options.maxDepth(), options.maxBigIntDigits());
        this.lane = new SerialLane(options.executor(), this::laneFailure);
        Hook main = localMain != null
                ? new PayloadHook(Payload.main(localMain))
                : new ErrorHook(new RpcException("Error", "This connection has no main object."));
        exports.put(0L, new ExportEntry(main, false, 0));
        if (localMain != null && TargetHook.isCapability(localMain)) {
            // The session holds the main object for its whole life: exporting it again (a method
            // returning this) must not let a release close it.
            exportedTargets.put(localMain, new TargetHook(localMain, null));
        }
        ImportEntry peerMain = new ImportEntry(this, 0, false);
        imports.put(0L, peerMain);
        mainHook = new ImportHook.Main(peerMain);
        if (transport.holdsMessagesBack()) {
            lane.onBlockingWait(this::requestFlush);
        }
    }

    /** Starts receiving. Call once, after construction. */
    public void start() {
        transport.start(this);
    }

    /** @return the hook for the peer's main object */
    public Hook mainHook() {
        return mainHook;
    }

    /** @return the session's lane */
    public SerialLane lane() {
        return lane;
    }

    /** @return live table sizes */
    public SessionStats stats() {
        return stats;
    }

    /** @return why the session ended, or null while it is open */
    public Throwable abortReason() {
        return abortReason;
    }

    // ---- transport callbacks (any thread) ----

    @Override
    public void onMessage(String message) {
        lane.executeHere(() -> receive(message));
    }

    @Override
    public void onMessage(String message, Runnable handled) {
        lane.executeHere(() -> {
            try {
                receive(message);
            } finally {
                handled.run();
            }
        });
    }

    @Override
    public void onClosed(Throwable reason) {
        lane.execute(() -> abort(reason, true));
    }

    // ---- application entry points (any thread) ----

    /** Ends the session without an abort message, as disposing the main stub does in the reference. */
    public void shutdown() {
        // A batch handler closes its session on the thread that served the batch: no handoff.
        lane.runHere(() -> abort(new RpcException("Error", "RPC session was shut down by disposing the main stub"), false));
    }

    /** Has the transport send what it holds back, behind everything already queued. */
    public void requestFlush() {
        lane.execute(this::flush);
    }

    /** @param reason sent to the peer in an {@code abort} message, then the session ends */
    public void abortWith(Throwable reason) {
        lane.run(() -> abort(reason, true));
    }

    /** @param callback told once, in registration order, when the session ends */
    public void onBroken(Consumer<Throwable> callback) {
        lane.run(() -> {
            if (abortReason != null) {
                callback.accept(abortReason);
            } else {
                brokenCallbacks.add(callback);
            }
        });
    }

    /** @return completes when every result being resolved for the peer has been sent */
    public CompletableFuture<Void> drain() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        // Usually called by a batch handler right after the batch was handled on the same thread:
        // draining here answers the request without a thread handoff.
        lane.runHere(() -> {
            if (abortReason != null) {
                result.completeExceptionally(abortReason);
            } else if (pullCount == 0) {
                result.complete(null);
            } else {
                if (drained == null) {
                    drained = new CompletableFuture<>();
                }
                drained.whenComplete((v, err) -> {
                    if (err != null) {
                        result.completeExceptionally(err);
                    } else {
                        result.complete(null);
                    }
                });
            }
        });
        return result;
    }

    // ---- receiving ----

    private void receive(String text) {
        if (abortReason != null) {
            return;
        }
        try {
            handle(WireReader.readMessage(text, limits), text.length());
        } catch (WireFormatException e) {
            abort(new RpcException(e.jsName(), e.getMessage()), true);
        } catch (RpcException e) {
            abort(e, true);
        } catch (RuntimeException | StackOverflowError e) {
            abort(new RpcException("Error", "Internal error while handling a message: " + e), true);
        }
    }

    /** @param length the message's length, charged to the entry a push or stream makes */
    private void handle(WireMessage message, int length) {
        if (message instanceof WireMessage.Push push) {
            int charge = reservePeerPush(length);
            addPeerPush(new PayloadHook(evaluator.evaluate(push.expr())), false, charge);
        } else if (message instanceof WireMessage.Stream stream) {
            int charge = reservePeerPush(length);
            long id = addPeerPush(new PayloadHook(evaluator.evaluate(stream.expr())), true, charge);
            ensureResolvingExport(id);
        } else if (message instanceof WireMessage.Pull pull) {
            ensureResolvingExport(pull.id());
        } else if (message instanceof WireMessage.Resolve resolve) {
            CompletableFuture<Void> ack = streamAcks.remove(resolve.id());
            if (ack != null) {
                evaluator.evaluate(resolve.expr()).dispose();
                ack.complete(null);
                return;
            }
            ImportEntry entry = imports.get(resolve.id());
            Payload payload = evaluator.evaluate(resolve.expr());
            if (entry == null) {
                payload.dispose();
            } else {
                entry.resolve(new PayloadHook(payload));
            }
        } else if (message instanceof WireMessage.Reject reject) {
            CompletableFuture<Void> ack = streamAcks.remove(reject.id());
            ImportEntry entry = imports.get(reject.id());
            if (ack != null || entry != null) {
                Payload payload = evaluator.evaluate(reject.expr());
                payload.dispose();
                if (ack != null) {
                    ack.completeExceptionally(asError(payload.value()));
                } else {
                    entry.resolve(new ErrorHook(asError(payload.value())));
                }
            }
        } else if (message instanceof WireMessage.Release release) {
            releaseExport(release.id(), release.refcount());
        } else if (message instanceof WireMessage.Abort abort) {
            Payload payload = evaluator.evaluate(abort.expr());
            payload.dispose();
            abort(asError(payload.value()), false);
        } else if (message instanceof WireMessage.Pipe) {
            int charge = reservePeerPush(length);
            Pipe pipe = new Pipe(lane);
            long id = addPeerPush(new SinkHook(lane, pipe), false, charge);
            exports.get(id).pipeReadable = pipe;
        }
        stats = new SessionStats(imports.size(), exports.size());
    }

    /**
     * Checks, before the message is evaluated, that its export fits the table and the budgets.
     *
     * @return the charge, which the entry gives back when it is released
     */
    private int reservePeerPush(int length) {
        checkCapacity(exports.size(), options.maxExports(), "export");
        int charge = MemoryBudget.ENTRY_COST + length;
        budget.charge(charge);
        return charge;
    }

    private long addPeerPush(Hook hook, boolean autoRelease, int charge) {
        long id = nextPeerPushId++;
        exports.put(id, new ExportEntry(hook, autoRelease, charge));
        return id;
    }

    static Throwable asError(Object value) {
        return value instanceof Throwable t ? t : RpcException.ofValue(value);
    }

    private static void checkCapacity(int size, int max, String table) {
        if (size >= max) {
            throw new RpcException("Error", table + " table is full (" + max + " entries)");
        }
    }

    // ---- tables, used by the evaluator and the exporter ----

    Hook exportHook(long id) {
        ExportEntry e = exports.get(id);
        if (e == null) {
            throw new RpcException("Error", "no such entry on exports table: " + id);
        }
        return e.hook;
    }

    ImportHook importStub(long id) {
        if (id >= 0) {
            throw new RpcException("Error", "bad export ID from peer: " + id + " (exported IDs must be negative)");
        }
        ImportEntry entry = imports.get(id);
        if (entry == null) {
            checkCapacity(imports.size(), options.maxImports(), "import");
            budget.charge(MemoryBudget.ENTRY_COST);
            entry = new ImportEntry(this, id, false);
            imports.put(id, entry);
        }
        return new ImportHook(entry, false);
    }

    Hook importPromise(long id) {
        if (id >= 0) {
            throw new RpcException("Error", "bad export ID from peer: " + id + " (exported IDs must be negative)");
        }
        if (imports.containsKey(id)) {
            return new ErrorHook(new RpcException("Error",
                    "Bug in RPC system: The peer sent a promise reusing an existing export ID."));
        }
        checkCapacity(imports.size(), options.maxImports(), "import");
        budget.charge(MemoryBudget.ENTRY_COST);
        ImportEntry entry = new ImportEntry(this, id, true);
        imports.put(id, entry);
        return new ImportHook(entry, true);
    }

    /** @return the readable end of the pipe the peer opened as {@code id}; it can be taken once */
    Pipe takePipeReadable(long id) {
        ExportEntry e = exports.get(id);
        if (e == null || e.pipeReadable == null) {
            throw new RpcException("Error", "Export " + id + " is not a pipe or its readable end was already consumed.");
        }
        Pipe pipe = e.pipeReadable;
        e.pipeReadable = null;
        return pipe;
    }

    /** @return the import ID if {@code hook} is a live, unresolved import of this session, else null */
    Long importIdOf(Hook hook) {
        if (LocalPromiseHook.settled(hook) instanceof ImportHook ih) {
            ImportEntry e = ih.entry();
            if (e != null && e.session == this && e.resolution() == null && imports.get(e.id) == e) {
                return e.id;
            }
        }
        return null;
    }

    /** @return a hook for exporting {@code target}, sharing one count with its other exports */
    Hook exportHookForTarget(Object target) {
        TargetHook shared = exportedTargets.get(target);
        TargetHook hook = shared == null ? null : shared.dupIfLive();
        if (hook != null) {
            return hook;
        }
        TargetHook[] root = new TargetHook[1];
        root[0] = new TargetHook(target, () -> lane.run(() -> exportedTargets.remove(target, root[0])));
        exportedTargets.put(target, root[0]);
        return root[0];
    }

    long exportStub(Hook hook) {
        long id = nextExportId--;
        exports.put(id, new ExportEntry(hook, false, 0));
        return id;
    }

    void releaseExport(long id, long refcount) {
        ExportEntry e = exports.get(id);
        if (e == null) {
            throw new RpcException("Error", "no such export ID: " + id);
        }
        if (refcount < 0) {
            throw new RpcException("Error", "bad release refcount: " + refcount);
        }
        if (e.refcount < refcount) {
            throw new RpcException("Error", "refcount would go negative: " + e.refcount + " < " + refcount);
        }
        e.refcount -= (int) refcount;
        if (e.refcount == 0) {
            exports.remove(id);
            budget.release(e.charge);
            e.hook.dispose();
        }
        stats = new SessionStats(imports.size(), exports.size());
    }

    void ensureResolvingExport(long id) {
        ExportEntry e = exports.get(id);
        if (e == null) {
            throw new RpcException("Error", "no such export ID: " + id);
        }
        if (e.resolving) {
            return;
        }
        e.resolving = true;
        pullCount++;
        resolveExport(id, e, e.hook);
    }

    private void resolveExport(long id, ExportEntry entry, Hook hook) {
        hook.pull().whenComplete((value, err) -> lane.execute(() -> finishExport(id, entry, hook, value, err)));
    }

    private void finishExport(long id, ExportEntry entry, Hook hook, Object value, Throwable err) {
        if (abortReason != null) {
            // The pull handed the value out for sending; with nobody to send it to, what it holds
            // (targets, stubs) is released here, as the abort released everything exported.
            if (err == null) {
                Payload.ofReturn(value).dispose();
            }
            pullDone();
            return;
        }
        if (err == null && value instanceof RpcPromise p && StubAccess.path(p).isEmpty() && importIdOf(hook) == null) {
            // The answer is another promise: wait for it rather than send a resolve that only
            // introduces a new promise (the reference does the same).
            resolveExport(id, entry, StubAccess.hook(p));
            return;
        }
        Exporter exporter = new Exporter(this);
        String message;
        try {
            message = err == null ? WireWriter.resolve(id, value, exporter)
                    : WireWriter.reject(id, Futures.unwrap(err), exporter);
        } catch (RuntimeException serializationError) {
            exporter.rollback();
            exporter = new Exporter(this);
            try {
                message = WireWriter.reject(id, serializationError, exporter);
            } catch (RuntimeException again) {
                pullDone();
                abort(again, true);
                return;
            }
        }
        if (send(message) != null) {
            exporter.rollback();
        } else {
            exporter.sent();
        }
        if (entry.autoRelease && exports.get(id) == entry) {
            releaseExport(id, 1);
        }
        pullDone();
    }

    private void pullDone() {
        if (--pullCount == 0 && drained != null) {
            CompletableFuture<Void> d = drained;
            drained = null;
            d.complete(null);
        }
    }

    // ---- sending ----

    /** Sends a call (or, with null args, a property read) on import {@code id}. */
    Hook sendCall(long id, List<Object> path, Payload args) {
        if (abortReason != null) {
            if (args != null) {
                args.dispose();
            }
            return new ErrorHook(abortReason);
        }
        Exporter exporter = new Exporter(this);
        String message;
        try {
            message = WireWriter.pushCall(id, path, args == null ? null : args.listValue(), false, exporter);
        } catch (RuntimeException e) {
            exporter.rollback();
            if (args != null) {
                args.dispose();
            }
            return new ErrorHook(e);
        }
        SendRefusedException refused = send(message);
        if (refused != null) {
            exporter.rollback();
            if (args != null) {
                args.dispose();
            }
            return new ErrorHook(new RpcException("Error", refused.getMessage()));
        }
        exporter.sent();
        if (args != null && !args.isParams()) {
            // Stubs were duplicated into the message; the payload's own references go now.
            args.dispose();
        }
        return new ImportHook(addImport(), true);
    }

    /**
     * Sends a {@code remap} on import {@code id}: the peer applies the recorded instructions to
     * the value there. Captures that are the peer's own objects go as {@code import}, ours are
     * exported.
     *
     * @param captures owned; disposed once sent
     */
    Hook sendMap(long id, List<Object> path, List<Hook> captures, String instructionsJson) {
        if (abortReason != null) {
            captures.forEach(Hook::dispose);
            return new ErrorHook(abortReason);
        }
        List<WireRef.Capture> caps = new ArrayList<>();
        List<Long> exported = new ArrayList<>();
        for (Hook capture : captures) {
            Long importId = importIdOf(capture);
            if (importId != null) {
                caps.add(new WireRef.Capture(false, importId));
            } else {
                long exportId = exportStub(capture.dup());
                exported.add(exportId);
                caps.add(new WireRef.Capture(true, exportId));
            }
        }
        WireRef.Remap remap = new WireRef.Remap(id, path, caps, instructionsJson);
        String message = "[\"push\"," + WireWriter.value(remap, WriteContext.PLAIN) + "]";
        captures.forEach(Hook::dispose);
        SendRefusedException refused = send(message);
        if (refused != null) {
            for (long e : exported) {
                releaseExport(e, 1);
            }
            return new ErrorHook(new RpcException("Error", refused.getMessage()));
        }
        return new ImportHook(addImport(), true);
    }

    /**
     * Opens a pipe to the peer ({@code ["pipe"]}), to send it a ReadableStream or a Blob. It
     * takes the next import ID, which the message that carries {@code ["readable", id]} names.
     *
     * @return a writer over the pipe, owning its import
     */
    RemoteWritable openPipe() {
        if (abortReason != null) {
            throw asRpcException(abortReason);
        }
        SendRefusedException refused = send(WireWriter.pipe());
        if (refused != null) {
            throw new RpcException("Error", refused.getMessage());
        }
        return new RemoteWritable(this, new ImportHook(addImport(), false));
    }

    /** @return a writer for a WritableStream the peer exported as {@code id} */
    RemoteWritable importWritable(long id) {
        return new RemoteWritable(this, importStub(id));
    }

    /** A {@code stream} message sent: its answer, and its size for flow control. */
    record StreamCall(CompletableFuture<Void> ack, int size) {
    }

    /**
     * Sends {@code ["stream", ["pipeline", id, [method], args]]}: a call whose answer the peer
     * sends unasked and then forgets, so it is never pulled, pipelined on or released.
     *
     * @throws RpcException when the session is over or the message cannot be sent
     */
    StreamCall sendStream(long id, String method, List<Object> args) {
        if (abortReason != null) {
            throw asRpcException(abortReason);
        }
        Exporter exporter = new Exporter(this);
        String message;
        try {
            message = WireWriter.pushCall(id, List.of(method), args, true, exporter);
        } catch (RuntimeException e) {
            exporter.rollback();
            throw e;
        }
        SendRefusedException refused = send(message);
        if (refused != null) {
            exporter.rollback();
            throw new RpcException("Error", refused.getMessage());
        }
        exporter.sent();
        CompletableFuture<Void> ack = new CompletableFuture<>();
        streamAcks.put(nextImportId++, ack);
        return new StreamCall(ack, message.length());
    }

    private static RpcException asRpcException(Throwable t) {
        return t instanceof RpcException re ? re : new RpcException("Error", String.valueOf(t.getMessage()));
    }

    /** @return a new import for what we just sent (a push, a remap or a pipe): the next ID in the shared sequence */
    private ImportEntry addImport() {
        ImportEntry entry = new ImportEntry(this, nextImportId++, false);
        imports.put(entry.id, entry);
        stats = new SessionStats(imports.size(), exports.size());
        return entry;
    }

    /** @return null once sent, or why the transport refused it */
    RpcException sendPull(long id) {
        SendRefusedException refused = send(WireWriter.pull(id));
        return refused == null ? null : new RpcException("Error", refused.getMessage());
    }

    void sendRelease(long id, int refcount) {
        if (abortReason != null) {
            return;
        }
        send(WireWriter.release(id, refcount));
        if (imports.remove(id) != null && id < 0) {
            // Made by the peer's export or promise (our own imports have positive IDs).
            budget.release(MemoryBudget.ENTRY_COST);
        }
        stats = new SessionStats(imports.size(), exports.size());
    }

    /**
     * @return null when sent (or when the session is already over), else the transport's refusal,
     *         which the caller turns into a failure of what it was doing or ignores
     */
    private SendRefusedException send(String message) {
        if (abortReason != null) {
            return null;
        }
        try {
            transport.send(message);
        } catch (SendRefusedException refused) {
            return refused;
        } catch (RuntimeException e) {
            // As the reference: a failed send ends the session, without trying to send again.
            lane.execute(() -> abort(e, false));
        }
        return null;
    }

    private void flush() {
        if (abortReason != null) {
            return;
        }
        try {
            transport.flush();
        } catch (RuntimeException e) {
            abort(e, false);
        }
    }

    // ---- broken callbacks ----

    int addBrokenCallback(Consumer<Throwable> callback) {
        brokenCallbacks.add(callback);
        return brokenCallbacks.size() - 1;
    }

    /** Moves a callback registered on an import to what the import resolved to, keeping its place if it lands here again. */
    void moveBrokenCallback(int index, Hook resolution) {
        Consumer<Throwable> callback = brokenCallbacks.get(index);
        if (callback == null) {
            return;
        }
        int end = brokenCallbacks.size();
        resolution.onBroken(callback);
        if (brokenCallbacks.size() == end + 1 && brokenCallbacks.get(end) == callback) {
            brokenCallbacks.remove(end);
        } else {
            brokenCallbacks.set(index, null);
        }
    }

    // ---- ending ----

    void abort(Throwable error, boolean trySend) {
        if (abortReason != null) {
            return;
        }
        if (trySend) {
            try {
                transport.send(WireWriter.abort(error, new ErrorOnlyContext(options)));
            } catch (RuntimeException ignored) {
                // Usually the very reason for aborting is that the transport is gone.
            }
        }
        abortReason = error;
        if (drained != null) {
            drained.completeExceptionally(error);
            drained = null;
        }
        try {
            transport.abort(error);
        } catch (RuntimeException ignored) {
            // The session is over either way.
        }
        for (Consumer<Throwable> callback : new ArrayList<>(brokenCallbacks)) {
            if (callback != null) {
                try {
                    callback.accept(error);
                } catch (RuntimeException ignored) {
                    // One callback's failure must not stop the others.
                }
            }
        }
        brokenCallbacks.clear();
        for (ImportEntry entry : imports.values()) {
            entry.abort(error);
        }
        List<CompletableFuture<Void>> acks = streamAcks.values();
        streamAcks.clear();
        for (CompletableFuture<Void> ack : acks) {
            ack.completeExceptionally(error);
        }
        List<ExportEntry> held = exports.values();
        imports.clear();
        exports.clear();
        budget.close();
        stats = new SessionStats(0, 0);
        for (ExportEntry entry : held) {
            entry.hook.dispose();
        }
        exportedTargets.clear();
    }

    Throwable onSendError(Throwable error) {
        return applyHook(options, error);
    }

    static Throwable applyHook(SessionOptions options, Throwable error) {
        if (options.onSendError() == null) {
            return null;
        }
        try {
            return options.onSendError().apply(error);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void laneFailure(Throwable t) {
        abort(new RpcException("Error", "Internal error in capnweb session: " + t), true);
    }

    /** Serializes an abort reason: errors only, no capabilities. */
    private record ErrorOnlyContext(SessionOptions options) implements WriteContext {
        @Override
        public dev.capnweb.internal.codec.WireRef exportCapability(Object value) {
            return null;
        }

        @Override
        public Throwable onSendError(Throwable error) {
            return applyHook(options, error);
        }
    }
}
