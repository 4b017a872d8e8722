package dev.capnweb.internal.dispatch;

import static dev.capnweb.internal.dispatch.DispatcherSecurityTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.Undefined;
import dev.capnweb.internal.dispatch.Fixtures.Counter;
import dev.capnweb.internal.dispatch.Fixtures.Point;
import dev.capnweb.internal.dispatch.Fixtures.TestTarget;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class FunctionAndTableTest {
    private static Object invoke(Object fn, Object... args) throws Throwable {
        return value(Dispatcher.call(fn, List.of(), Arrays.asList(args)));
    }

    @Test
    void eachFunctionKind() throws Throwable {
        Function<Object, Object> f = x -> "f:" + x;
        assertThat(invoke(f, 1L)).isEqualTo("f:1");
        assertThat(invoke(f)).isEqualTo("f:null");
        assertThat(invoke(f, Undefined.INSTANCE, 9L)).isEqualTo("f:null");
        BiFunction<Object, Object, Object> bf = (a, b) -> a + "+" + b;
        assertThat(invoke(bf, 1L, 2L)).isEqualTo("1+2");
        assertThat(invoke(bf, 1L)).isEqualTo("1+null");
        Supplier<Object> s = () -> "s";
        assertThat(invoke(s, 1L)).isEqualTo("s");
        AtomicReference<Object> seen = new AtomicReference<>();
        Consumer<Object> c = seen::set;
        assertThat(invoke(c, 4L)).isSameAs(Undefined.INSTANCE);
        assertThat(seen).hasValue(4L);
        BiConsumer<Object, Object> bc = (a, b) -> seen.set(List.of(a, b));
        assertThat(invoke(bc, 1L, 2L)).isSameAs(Undefined.INSTANCE);
        assertThat(seen).hasValue(List.of(1L, 2L));
        Runnable r = () -> seen.set("ran");
        assertThat(invoke(r, 1L)).isSameAs(Undefined.INSTANCE);
        assertThat(seen).hasValue("ran");
        RpcFunction rf = args -> args.size() + ":" + args;
        assertThat(invoke(rf, 1L, Undefined.INSTANCE)).isEqualTo("2:[1, undefined]");
    }

    @Test
    void functionsInsideValuesAreCallable() throws Throwable {
        Function<Object, Object> f = x -> ((Long) x) * 10;
        assertThat(value(Dispatcher.call(Map.of("fn", f), List.of("fn"), List.of(4L)))).isEqualTo(40L);
        assertThat(value(Dispatcher.get(Map.of("fn", f), List.of("fn", "name")))).isSameAs(Undefined.INSTANCE);
        RpcFunction thrower = args -> {
            throw new java.io.IOException("boom");
        };
        assertThatThrownBy(() -> invoke(thrower)).isExactlyInstanceOf(java.io.IOException.class);
    }

    @Test
    void isFunction() {
        Function<Object, Object> f = x -> x;
        assertThat(Dispatcher.isFunction(f)).isTrue();
        assertThat(Dispatcher.isFunction((BiFunction<Object, Object, Object>) (a, b) -> a)).isTrue();
        assertThat(Dispatcher.isFunction((Supplier<Object>) () -> 1)).isTrue();
        assertThat(Dispatcher.isFunction((Consumer<Object>) x -> { })).isTrue();
        assertThat(Dispatcher.isFunction((BiConsumer<Object, Object>) (a, b) -> { })).isTrue();
        assertThat(Dispatcher.isFunction((Runnable) () -> { })).isTrue();
        assertThat(Dispatcher.isFunction((RpcFunction) args -> null)).isTrue();
        assertThat(Dispatcher.isFunction(new BoundMethod(new TestTarget(), "square"))).isTrue();

        assertThat(Dispatcher.isFunction(new TestTarget())).isFalse();
        assertThat(Dispatcher.isFunction(RpcStub.of(new Counter(1)))).isFalse();
        assertThat(Dispatcher.isFunction(RpcPromise.of(new CompletableFuture<>()))).isFalse();
        assertThat(Dispatcher.isFunction("str")).isFalse();
        assertThat(Dispatcher.isFunction(null)).isFalse();
        assertThat(Dispatcher.isFunction(Map.of())).isFalse();
        assertThat(Dispatcher.isFunction(new Thread(() -> { }))).isFalse();
        assertThat(Dispatcher.isFunction(new FutureTask<>(() -> 1))).isFalse();
    }

    @Test
    void tablesAreBuiltOncePerClass() {
        assertThat(MethodTable.of(Counter.class)).isSameAs(MethodTable.of(Counter.class));
        assertThat(RecordTable.of(Point.class)).isSameAs(RecordTable.of(Point.class));
        assertThat(ArgumentConverter.forType(Point.class)).isSameAs(ArgumentConverter.forType(Point.class));
        MethodTable t = MethodTable.of(Counter.class);
        new Counter(1);
        assertThat(MethodTable.of(new Counter(2).getClass())).isSameAs(t);
    }

    private static Object call(Object target, String method, List<Object> args) {
        try {
            return value(Dispatcher.call(target, List.of(method), args));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Test
    void concurrentCallsFromManyThreads() throws Exception {
        int threads = 8;
        int perThread = 2000;
        TestTarget shared = new TestTarget();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                results.add(pool.submit(() -> {
                    start.await();
                    Counter mine = new Counter(0);
                    long squares = 0;
                    for (int i = 0; i < perThread; i++) {
                        call(mine, "increment", i % 2 == 0 ? List.of() : List.of(2L));
                        squares += (Long) call(shared, "square", List.of((long) i));
                        Dispatcher.get(Map.of("p", new Point(i, i)), List.of("p", "x"));
                    }
                    long total = (Long) value(Dispatcher.get(mine, List.of("value")));
                    return total * 1_000_000_000L + squares;
                }));
            }
            start.countDown();
            long expectedSquares = 0;
            for (long i = 0; i < perThread; i++) {
                expectedSquares += i * i;
            }
            long expected = (perThread / 2 * 1L + perThread / 2 * 2L) * 1_000_000_000L + expectedSquares;
            for (Future<Long> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
