package dev.capnweb;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.capnweb.SessionTranscriptTest.catchRpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session semantics over the in-memory pair: pipelining, disposal, abort, callbacks, ordering. */
class SessionBehaviourTest {

    @Test
    void chainOfDependentCallsCostsOneRound() {
        int n = 20;
        try (Harness h = new Harness(new TestTarget())) {
            RpcPromise r = h.api().call("returnNumber", 1);
            for (int i = 1; i < n; i++) {
                r = h.api().call("square", r);
            }
            assertThat(r.join()).isEqualTo(1L);
            // n pushes and one pull went out; the server answered with a single message.
            assertThat(h.clientSide.awaitSent(n + 2).subList(0, n + 1))
                    .filteredOn(m -> m.startsWith("[\"push\"")).hasSize(n);
            assertThat(h.clientSide.sent.get(n)).isEqualTo("[\"pull\"," + n + "]");
            assertThat(h.serverSide.sent).containsExactly("[\"resolve\"," + n + ",1]");
        }
    }

    @Test
    void drainAndCloseOfAnIdleSessionRunOnTheCallingThread() {
        // A batch handler drains and closes its session on the thread that served it: a pool handoff
        // there cost a context switch per request.
        ThreadRecordingMain main = new ThreadRecordingMain();
        try (Harness h = new Harness(main)) {
            assertThat(h.api().call("ping").join()).isEqualTo(1L);
            Harness.await(() -> h.server.stats().equals(new SessionStats(1, 1)));
            Thread caller = Thread.currentThread();
            AtomicReference<Thread> drainedOn = new AtomicReference<>();
            h.server.drain().whenComplete((v, err) -> drainedOn.set(Thread.currentThread()));
            assertThat(drainedOn.get()).isSameAs(caller);
            h.server.close();
            assertThat(main.closedOn.get()).as("the main target's close()").isSameAs(caller);
        }
    }

    @Test
    void everythingDisposedLeavesOnlyTheMainEntries() {
        TestTarget target = new TestTarget();
        try (Harness h = new Harness(target)) {
            RpcPromise counter = h.api().call("makeCounter", 1);
            RpcStub stub = (RpcStub) counter.join();
            RpcStub copy = stub.dup();
            assertThat(h.api().call("incrementCounter", copy, 2).join()).isEqualTo(3L);
            assertThat(h.api().call("generateFibonacci", 6).join()).isEqualTo(List.of(0L, 1L, 1L, 2L, 3L, 5L));
            assertThat(h.api().call("returnNull").join()).isNull();
            assertThat(h.api().call("returnUndefined").join()).isEqualTo(Undefined.INSTANCE);
            stub.close();
            copy.close();
            counter.close();
            h.assertNoLeaks();
            assertThat(target.countersClosed.get()).isEqualTo(1);
        }
    }

    /** Records the thread its close() runs on. */
    public static final class ThreadRecordingMain extends RpcTarget implements AutoCloseable {
        final AtomicReference<Thread> closedOn = new AtomicReference<>();

        public long ping() {
            return 1;
        }

        @Override
        public void close() {
            closedOn.compareAndSet(null, Thread.currentThread());
        }
    }

    /** Hands out one counter to every caller, and itself. */
    public static final class SharingTarget extends RpcTarget implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger countersClosed = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        private final Counter counter = new Counter(0, countersClosed);

        public Counter shared() {
            return counter;
        }

        public SharingTarget self() {
            return this;
        }

        public long ping() {
            return 1;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void aTargetExportedTwiceClosesOnceAfterItsLastRelease() {
        SharingTarget target = new SharingTarget();
        try (Harness h = new Harness(target)) {
            RpcStub first = (RpcStub) h.api().call("shared").join();
            RpcStub second = (RpcStub) h.api().call("shared").join();
            first.close();
            assertThat(h.api().call("ping").join()).isEqualTo(1L);
            assertThat(target.countersClosed.get()).as("still exported once").isZero();
            assertThat(second.call("increment", 2).join()).isEqualTo(2L);
            second.close();
            h.assertNoLeaks();
            Harness.await(() -> target.countersClosed.get() == 1);
            assertThat(target.countersClosed.get()).isEqualTo(1);
        }
    }

    @Test
    void theMainObjectReturnedAsAStubIsNotClosedByItsRelease() {
        SharingTarget target = new SharingTarget();
        try (Harness h = new Harness(target)) {
            RpcStub self = (RpcStub) h.api().call("self").join();
            assertThat(self.call("ping").join()).isEqualTo(1L);
            self.close();
            h.assertNoLeaks();
            assertThat(target.closed.get()).as("the session still holds its main object").isZero();
        }
        Harness.await(() -> target.closed.get() == 1);
        assertThat(target.closed.get()).as("closed once, when the session ended").isEqualTo(1);
    }

    @Test
    void aPipelinedResultPassedBackArrivesAsAStubParameter() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcPromise counter = h.api().call("makeCounter", 10);
            // ["pipeline",1] names the server's own export: the server sees its Counter itself.
            assertThat(h.api().call("incrementCounter", counter, 5).join()).isEqualTo(15L);
        }
    }

    @Test
    void aTargetOnlyUsedForPipeliningIsClosedOnceWhenItsResultIsReleased() {
        TestTarget target = new TestTarget();
        try (Harness h = new Harness(target)) {
            RpcPromise counter = h.api().call("makeCounter", 1);
            RpcPromise value = counter.call("increment", 2);
            assertThat(value.join()).isEqualTo(3L);
            counter.close();
            value.close();
            h.assertNoLeaks();
            Harness.await(() -> target.countersClosed.get() == 1);
            assertThat(target.countersClosed.get()).isEqualTo(1);
        }
    }

    @Test
    void localTargetPassedAsParameterIsClosedWhenThePeerReleasesIt() {
        Counter local = new Counter(4);
        try (Harness h = new Harness(new TestTarget())) {
            assertThat(h.api().call("incrementCounter", local, 9).join()).isEqualTo(13L);
            h.assertNoLeaks();
            Harness.await(() -> local.closeCount() == 1);
            assertThat(local.closeCount()).isEqualTo(1);
        }
    }

    @Test
    void abortFromClientReachesServerAndFailsEverything() throws Exception {
        try (Harness h = new Harness(new TestTarget())) {
            CompletableFuture<Throwable> serverBroken = new CompletableFuture<>();
            h.server.onBroken(serverBroken::complete);
            CompletableFuture<Throwable> clientBroken = new CompletableFuture<>();
            h.client.onBroken(clientBroken::complete);
            RpcStub counter = (RpcStub) h.api().call("makeCounter", 1).join();
            h.client.abort(new RpcException("TypeError", "bye"));
            Throwable seen = serverBroken.get(10, TimeUnit.SECONDS);
            assertThat(seen).isInstanceOf(RpcException.class).hasMessage("bye");
            assertThat(((RpcException) seen).name()).isEqualTo("TypeError");
            assertThat(clientBroken.get(10, TimeUnit.SECONDS)).hasMessage("bye");
            assertThat(catchRpc(counter.call("increment", 1))).hasMessage("bye");
            assertThat(catchRpc(h.api().call("square", 2))).hasMessage("bye");
            assertThat(h.clientSide.sent.get(h.clientSide.sent.size() - 1))
                    .isEqualTo("[\"abort\",[\"error\",\"TypeError\",\"bye\"]]");
            Harness.await(() -> h.server.stats().exports() == 0);
            assertThat(h.server.stats()).isEqualTo(new SessionStats(0, 0));
        }
    }

    @Test
    void abortFromServerFailsPendingClientCalls() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        Object slow = new RpcTarget() {
            @SuppressWarnings("unused")
            public CompletableFuture<Void> hang() {
                return never;
            }
        };
        try (Harness h = new Harness(slow)) {
            RpcPromise pending = h.api().call("hang");
            pending.toCompletableFuture();
            Harness.await(() -> h.server.stats().exports() == 2);
            h.server.abort(new IllegalStateException("server going away"));
            RpcException e = catchRpc(pending);
            assertThat(e.getMessage()).isEqualTo("server going away");
            assertThat(e.name()).isEqualTo("Error");
        }
    }

    @Test
    void transportCloseFailsPendingCallsAndClosesServerTargets() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        HangingCounter main = new HangingCounter(never);
        try (Harness h = new Harness(main)) {
            RpcPromise pending = h.api().call("hang");
            pending.toCompletableFuture();
            Harness.await(() -> h.server.stats().exports() == 2);
            CompletableFuture<Throwable> broken = new CompletableFuture<>();
            h.api().onBroken(broken::complete);
            h.server.close();
            assertThat(broken.get(10, TimeUnit.SECONDS)).hasMessage("Peer closed the in-memory transport.");
            assertThat(catchRpc(pending)).hasMessage("Peer closed the in-memory transport.");
            assertThat(catchRpc(h.api().call("square", 1))).hasMessage("Peer closed the in-memory transport.");
            Harness.await(() -> main.closeCount() == 1);
            assertThat(main.closeCount()).as("the server's main target was closed").isEqualTo(1);
        }
    }

    /** A main object that is AutoCloseable and has a call that never finishes. */
    public static final class HangingCounter extends Counter {
        private final CompletableFuture<Void> never;

        HangingCounter(CompletableFuture<Void> never) {
            super(0);
            this.never = never;
        }

        public CompletableFuture<Void> hang() {
            return never;
        }
    }

    @Test
    void bothSidesExportAndCallEachOther() {
        Object clientMain = new RpcTarget() {
            @SuppressWarnings("unused")
            public String whoAmI() {
                return "client";
            }
        };
        try (Harness h = new Harness(new TestTarget(), clientMain, SessionOptions.defaults())) {
            assertThat(h.server.main().call("whoAmI").join()).isEqualTo("client");
            assertThat(h.api().call("square", 9).join()).isEqualTo(81L);
        }
    }

    @Test
    void serverCallsAClientCallbackItKeptAfterTheCall() throws Exception {
        List<Object> heard = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> twice = new CompletableFuture<>();
        Object registry = new RpcTarget() {
            private RpcStub kept;

            @SuppressWarnings("unused")
            public void subscribe(RpcStub listener) {
                kept = listener.dup();
            }

            @SuppressWarnings("unused")
            public void publish(String event) {
                kept.invoke(event);
            }
        };
        try (Harness h = new Harness(registry)) {
            java.util.function.Consumer<Object> listener = e -> {
                heard.add(e);
                if (heard.size() == 2) {
                    twice.complete(null);
                }
            };
            h.api().call("subscribe", listener).join();
            h.api().call("publish", "one").join();
            h.api().call("publish", "two").join();
            twice.get(10, TimeUnit.SECONDS);
            assertThat(heard).containsExactly("one", "two");
        }
    }

    @Test
    void callsOnOneStubArriveInOrder() {
        List<Long> order = new CopyOnWriteArrayList<>();
        Object target = new RpcTarget() {
            @SuppressWarnings("unused")
            public long record(long i) {
                order.add(i);
                return i;
            }
        };
        try (Harness h = new Harness(target)) {
            List<RpcPromise> all = new ArrayList<>();
            for (long i = 0; i < 500; i++) {
                all.add(h.api().call("record", i));
            }
            all.forEach(RpcPromise::join);
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < 500; i++) {
                expected.add(i);
            }
            assertThat(order).isEqualTo(expected);
        }
    }

    @Test
    void manyConcurrentCallsFromManyThreads() throws Exception {
        try (Harness h = new Harness(new TestTarget())) {
            List<CompletableFuture<Object>> all = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            List<RpcPromise> promises = new CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 250;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 250; i++) {
                        promises.add(h.api().call("square", base + i));
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            for (RpcPromise p : promises) {
                all.add(p.toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
            long sum = 0;
            for (CompletableFuture<Object> f : all) {
                sum += (Long) f.get();
            }
            long expected = 0;
            for (long i = 0; i < 1000; i++) {
                expected += i * i;
            }
            assertThat(sum).isEqualTo(expected);
            h.assertNoLeaks();
        }
    }

    @Test
    void blockingOnTheSessionLaneFailsFastWithAdvice() {
        Object target = new RpcTarget() {
            @SuppressWarnings("unused")
            public Object blockOn(RpcStub callback) {
                return callback.invoke().join();
            }
        };
        try (Harness h = new Harness(target)) {
            RpcFunction callback = args -> "never reached";
            RpcException e = catchRpc(h.api().call("blockOn", callback));
            assertThat(e.getMessage()).contains("would deadlock").contains("thenCompose");
        }
    }

    @Test
    void closingTheMainStubShutsTheSessionDown() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub counter = (RpcStub) h.api().call("makeCounter", 1).join();
            h.api().close();
            assertThat(catchRpc(counter.call("increment", 1)))
                    .hasMessage("RPC session was shut down by disposing the main stub");
        }
    }

    @Test
    void rejectWithANonErrorValueKeepsTheValue() {
        Object target = new RpcTarget() {
            @SuppressWarnings("unused")
            public CompletableFuture<Object> fail() {
                return CompletableFuture.failedFuture(RpcException.ofValue("just a string"));
            }
        };
        try (Harness h = new Harness(target)) {
            RpcException e = catchRpc(h.api().call("fail"));
            assertThat(e.hasValue()).isTrue();
            assertThat(e.value()).isEqualTo("just a string");
            assertThat(h.serverSide.awaitSent(1)).containsExactly("[\"reject\",1,\"just a string\"]");
        }
    }

    @Test
    void onSendErrorDecidesWhetherTheStackIsSent() {
        SessionOptions reveal = SessionOptions.builder()
                .onSendError(e -> new RpcException("TypeError", "rewritten", "test stack", Map.of()))
                .build();
        try (Harness h = new Harness(new TestTarget(), null, reveal)) {
            RpcException e = catchRpc(h.api().call("throwError"));
            assertThat(e.name()).isEqualTo("TypeError");
            assertThat(e.getMessage()).isEqualTo("rewritten");
            assertThat(e.remoteStack()).isEqualTo("test stack");
        }
        try (Harness h = new Harness(new TestTarget())) {
            assertThat(catchRpc(h.api().call("throwError")).remoteStack()).isNull();
        }
    }

    @Test
    void drainWaitsForPulledResults() throws Exception {
        CompletableFuture<Long> later = new CompletableFuture<>();
        Object target = new RpcTarget() {
            @SuppressWarnings("unused")
            public CompletableFuture<Long> later() {
                return later;
            }

            @SuppressWarnings("unused")
            public int ping() {
                return 1;
            }
        };
        try (Harness h = new Harness(target)) {
            RpcPromise p = h.api().call("later");
            p.toCompletableFuture();
            // The server handles messages in arrival order, so once ping's answer is back the
            // pull for "later" has been handled and drain() has something to wait for.
            assertThat(h.api().call("ping").join()).isEqualTo(1L);
            CompletableFuture<Void> drained = h.server.drain();
            assertThat(drained).isNotDone();
            later.complete(7L);
            drained.get(10, TimeUnit.SECONDS);
            assertThat(p.join()).isEqualTo(7L);
        }
    }

    @Test
    void nonSerializableArgumentRejectsTheCallAndSendsNothing() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcException e = catchRpc(h.api().call("echo", new Object()));
            assertThat(e.name()).isEqualTo("TypeError");
            assertThat(e.getMessage()).startsWith("Cannot serialize value: ");
            assertThat(h.clientSide.sent).isEmpty();
        }
    }

    @Test
    void methodReturningAStubPassedInForwardsCalls() {
        Object target = new RpcTarget() {
            @SuppressWarnings("unused")
            public Map<String, Object> wrap(RpcStub s) {
                return Map.of("inner", s.dup());
            }
        };
        try (Harness h = new Harness(target)) {
            RpcStub counter = RpcStub.of(new Counter(5));
            RpcPromise wrapped = h.api().call("wrap", counter);
            assertThat(wrapped.get("inner").call("increment", 1).join()).isEqualTo(6L);
            wrapped.close();
            counter.close();
            h.assertNoLeaks();
        }
    }

    @Test
    void aPromiseSentBackToItsOwnerIsResolvedThere() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcPromise n = h.api().call("square", 3);
            assertThat(h.api().call("square", n).join()).isEqualTo(81L);
            assertThat(h.clientSide.sent.get(1)).isEqualTo("[\"push\",[\"pipeline\",0,[\"square\"],[[\"pipeline\",1]]]]");
            assertThatThrownBy(() -> RpcStub.of("not a target")).isInstanceOf(IllegalArgumentException.class);
            n.close();
        }
    }
}
