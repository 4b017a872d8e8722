package dev.capnweb.internal.dispatch;

import static dev.capnweb.internal.dispatch.DispatcherSecurityTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.Undefined;
import dev.capnweb.internal.dispatch.Fixtures.Both;
import dev.capnweb.internal.dispatch.Fixtures.Counter;
import dev.capnweb.internal.dispatch.Fixtures.PrimitiveCounter;
import dev.capnweb.internal.dispatch.Fixtures.TestTarget;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class DispatcherTargetTest {
    private static final String INSTANCE_PROPERTY = "Attempted to access property 'i', which is an instance property "
            + "of the RpcTarget. To avoid leaking private internals, instance properties cannot be accessed over RPC. "
            + "If you want to make this property available over RPC, define it as a method or getter on the class, "
            + "instead of an instance property.";

    @Test
    void counterIncrementWithAndWithoutArgument() throws Throwable {
        Counter c = new Counter(3);
        assertThat(value(Dispatcher.call(c, List.of("increment"), List.of()))).isEqualTo(4L);
        assertThat(value(Dispatcher.call(c, List.of("increment"), List.of(5L)))).isEqualTo(9L);
        assertThat(value(Dispatcher.call(c, List.of("increment"), List.of(Undefined.INSTANCE)))).isEqualTo(10L);
        assertThat(value(Dispatcher.get(c, List.of("value")))).isEqualTo(10L);
        // The getter is a method too.
        assertThat(value(Dispatcher.call(c, List.of("getValue"), List.of()))).isEqualTo(10L);
    }

    @Test
    void instanceFieldIsRefusedWithTheReferenceText() {
        Counter c = new Counter(3);
        assertThatThrownBy(() -> Dispatcher.get(c, List.of("i")))
                .isInstanceOf(RpcException.class).hasMessage(INSTANCE_PROPERTY)
                .extracting(e -> ((RpcException) e).name()).isEqualTo("TypeError");
        assertThatThrownBy(() -> Dispatcher.call(c, List.of("i"), List.of())).hasMessage(INSTANCE_PROPERTY);
    }

    @Test
    void missingPrimitiveArgumentIsATypeErrorAndTheMethodIsNotCalled() {
        PrimitiveCounter c = new PrimitiveCounter();
        assertThatThrownBy(() -> Dispatcher.call(c, List.of("increment"), List.of()))
                .isInstanceOf(RpcException.class)
                .hasMessageStartingWith("Cannot convert argument 0 of increment: missing value for primitive parameter '")
                .hasMessageEndingWith("' (long)");
        assertThatThrownBy(() -> Dispatcher.call(c, List.of("increment"), Arrays.asList((Object) null)))
                .hasMessageContaining("null for primitive parameter");
        assertThat(c.i).isZero();
    }

    @Test
    void testTargetMethods() throws Throwable {
        TestTarget t = new TestTarget();
        assertThat(value(Dispatcher.call(t, List.of("square"), List.of(5L)))).isEqualTo(25L);
        assertThat(value(Dispatcher.call(t, List.of("square"), List.of(3.0)))).isEqualTo(9L);
        assertThat(value(Dispatcher.call(t, List.of("generateFibonacci"), List.of(10L))))
                .isEqualTo(List.of(0L, 1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L));
        assertThat(value(Dispatcher.call(t, List.of("returnNull"), List.of()))).isNull();
        assertThat(value(Dispatcher.call(t, List.of("returnUndefined"), List.of()))).isSameAs(Undefined.INSTANCE);
        assertThat(value(Dispatcher.call(t, List.of("returnNumber"), List.of(7L)))).isEqualTo(7L);
        assertThat(value(Dispatcher.call(t, List.of("later"), List.of()))).isSameAs(t.future);
        assertThat(value(Dispatcher.call(t, List.of("makeCounter"), List.of(4L)))).isInstanceOf(Counter.class);
        RpcPromise p = RpcPromise.of(new CompletableFuture<>());
        assertThat(value(Dispatcher.call(t, List.of("echoPromise"), List.of(p)))).isSameAs(p);
    }

    @Test
    void conversionFailureDoesNotCallTheMethod() {
        TestTarget t = new TestTarget();
        assertThatThrownBy(() -> Dispatcher.call(t, List.of("square"), List.of(2.5)))
                .isInstanceOf(RpcException.class)
                .hasMessage("Cannot convert argument 0 of square: expected an integer (long), got number 2.5");
        assertThatThrownBy(() -> Dispatcher.call(t, List.of("square"), List.of("5")))
                .hasMessage("Cannot convert argument 0 of square: expected long, got string");
        assertThatThrownBy(() -> Dispatcher.call(t, List.of("generateFibonacci"), List.of(1L << 40)))
                .hasMessage("Cannot convert argument 0 of generateFibonacci: number 1099511627776 is out of range for int");
    }

    @Test
    void exceptionsPropagateUnwrapped() {
        TestTarget t = new TestTarget();
        assertThatThrownBy(() -> Dispatcher.call(t, List.of("throwError"), List.of()))
                .isInstanceOf(RpcException.class).hasMessage("test error");
        assertThatThrownBy(() -> Dispatcher.call(t, List.of("throwChecked"), List.of()))
                .isExactlyInstanceOf(IOException.class).hasMessage("checked");
        assertThatThrownBy(() -> Dispatcher.get(t, List.of("broken")))
                .isExactlyInstanceOf(IOException.class).hasMessage("getter failed");
    }

    @Test
    void gettersAndMissingNames() {
        TestTarget t = new TestTarget();
        assertThat(value(Dispatcher.get(t, List.of("name")))).isEqualTo("abc");
        assertThat(value(Dispatcher.get(t, List.of("ready")))).isEqualTo(true);
        assertThat(value(Dispatcher.get(t, List.of("URL")))).isEqualTo("u");
        assertThat(value(Dispatcher.get(t, List.of("nope")))).isSameAs(Undefined.INSTANCE);
        assertThat(value(Dispatcher.get(t, List.of(0L)))).isSameAs(Undefined.INSTANCE);
        assertThat(value(Dispatcher.get(t, List.of("data", "a")))).isEqualTo(1L);
        assertThat(value(Dispatcher.get(t, List.of()))).isSameAs(t);
        DispatcherSecurityTest.assertNotAFunction(t, List.of("nope"), "nope");
        DispatcherSecurityTest.assertNotAFunction(t, List.of(), "");
        DispatcherSecurityTest.assertNotAFunction(t, List.of("name"), "name");
    }

    @Test
    void getterWinsForReadsMethodWinsForCalls() throws Throwable {
        Both b = new Both();
        assertThat(value(Dispatcher.get(b, List.of("x")))).isEqualTo("getter");
        assertThat(value(Dispatcher.call(b, List.of("x"), List.of()))).isEqualTo("method");
    }

    @Test
    void methodReadAsPropertyIsABoundMethodCallableLater() throws Throwable {
        TestTarget t = new TestTarget();
        Object fn = value(Dispatcher.get(t, List.of("square")));
        assertThat(fn).isEqualTo(new BoundMethod(t, "square"));
        assertThat(Dispatcher.isFunction(fn)).isTrue();
        assertThat(value(Dispatcher.call(fn, List.of(), List.of(6L)))).isEqualTo(36L);
        assertThat(value(Dispatcher.get(fn, List.of("name")))).isSameAs(Undefined.INSTANCE);
    }

    @Test
    void callsThroughAPathOfTargets() throws Throwable {
        List<Object> list = new ArrayList<>();
        list.add(new Counter(1));
        assertThat(value(Dispatcher.call(java.util.Map.of("cs", list), List.of("cs", 0L, "increment"), List.of(2L))))
                .isEqualTo(3L);
    }
}
