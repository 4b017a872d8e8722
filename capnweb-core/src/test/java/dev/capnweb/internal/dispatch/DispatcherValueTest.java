package dev.capnweb.internal.dispatch;

import static dev.capnweb.internal.dispatch.DispatcherSecurityTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.TypedBytes;
import dev.capnweb.Undefined;
import dev.capnweb.internal.dispatch.Dispatcher.Outcome;
import dev.capnweb.internal.dispatch.Fixtures.Counter;
import dev.capnweb.internal.dispatch.Fixtures.Point;
import dev.capnweb.internal.dispatch.Fixtures.StubHolder;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class DispatcherValueTest {
    private static Map<String, Object> tree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", Map.of("b", List.of(10L, 20L, 30L)));
        m.put("n", null);
        m.put("u", Undefined.INSTANCE);
        m.put("2", "two");
        m.put("p", new Point(1, 2));
        m.put("s", "text");
        m.put("obj", new Object());
        m.put("nested", Map.of("obj", new Fixtures.Pojo()));
        m.put("ints", new int[] {1, 2, 3});
        m.put("set", Set.of(7L));
        m.put("toString", "shadow");
        return m;
    }

    private static Object get(Object root, Object... path) {
        return value(Dispatcher.get(root, Arrays.asList(path)));
    }

    @Test
    void plainObjectsGiveOwnEntriesOnly() {
        Map<String, Object> t = tree();
        assertThat(get(t, "a", "b", 1L)).isEqualTo(20L);
        assertThat(get(t, "missing")).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, 2L)).isEqualTo("two");
        assertThat(get(t, 2)).isEqualTo("two");
        assertThat(get(t, "toString")).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "size")).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "n")).isNull();
        assertThat(get(t, "u")).isSameAs(Undefined.INSTANCE);
    }

    @Test
    void arraysTakeOnlyIntegerNumbers() {
        Map<String, Object> t = tree();
        assertThat(get(t, "a", "b", 2L)).isEqualTo(30L);
        assertThat(get(t, "a", "b", 2.0)).isEqualTo(30L);
        assertThat(get(t, "a", "b", "2")).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "a", "b", "length")).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "a", "b", 3L)).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "a", "b", -1L)).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "a", "b", 1.5)).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "ints", 1L)).isEqualTo(2);
        assertThat(get(t, "set", 0L)).isEqualTo(7L);
    }

    @Test
    void recordsExposeTheirComponents() {
        Map<String, Object> t = tree();
        assertThat(get(t, "p", "x")).isEqualTo(1);
        assertThat(get(t, "p", "z")).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "p", "toString")).isSameAs(Undefined.INSTANCE);
        assertThat(get(t, "p", "hashCode")).isSameAs(Undefined.INSTANCE);
        assertThat(get(new Point(5, 6), "y")).isEqualTo(6);
    }

    @Test
    void nullAndUndefined() {
        Map<String, Object> t = tree();
        assertThat(get(t, "n", "x")).isSameAs(Undefined.INSTANCE);
        assertThat(get(null, "x")).isSameAs(Undefined.INSTANCE);
        assertThatThrownBy(() -> get(t, "u", "x"))
                .isInstanceOf(RpcException.class)
                .hasMessage("Cannot read properties of undefined (reading 'x')")
                .extracting(e -> ((RpcException) e).name()).isEqualTo("TypeError");
        assertThatThrownBy(() -> get(t, "missing", 3L))
                .hasMessage("Cannot read properties of undefined (reading '3')");
        assertThat(get(t, "u", "constructor")).isSameAs(Undefined.INSTANCE);
    }

    @Test
    void valueTypesHaveNoProperties() {
        for (Object v : List.of("text", 5L, 2.5, true, new byte[] {1}, Instant.EPOCH, URI.create("https://x"),
                new RpcException("Error", "m"), new TypedBytes("Int8Array", new byte[] {1}))) {
            assertThat(get(v, "length")).as("%s", v).isSameAs(Undefined.INSTANCE);
            assertThat(get(v, "bytes")).as("%s", v).isSameAs(Undefined.INSTANCE);
            assertThat(get(v, 0L)).as("%s", v).isSameAs(Undefined.INSTANCE);
        }
    }

    @Test
    void nonSerializableObjects() {
        Map<String, Object> t = tree();
        assertThatThrownBy(() -> get(new Fixtures.Pojo(), "secret"))
                .isInstanceOf(RpcException.class)
                .hasMessage("RPC stub points at a non-serializable type.");
        assertThatThrownBy(() -> get(t, "obj", "x"))
                .hasMessage("'obj' is not a serializable type, so property obj cannot be accessed.");
        assertThatThrownBy(() -> get(t, "nested", "obj", "secret"))
                .hasMessage("'nested.obj' is not a serializable type, so property nested.obj cannot be accessed.");
        assertThat(get(t, "obj")).isNotNull();
    }

    @Test
    void stubsAlongThePathReceiveTheRest() throws Throwable {
        RpcStub stub = RpcStub.of(new Counter(1));
        Map<String, Object> m = Map.of("c", stub, "list", List.of(stub));
        Outcome o = Dispatcher.get(m, List.of("c", "value"));
        assertThat(o).isEqualTo(new Outcome.Forward(stub, List.of("value")));
        assertThat(Dispatcher.get(m, List.of("list", 0L, "x", 1L)))
                .isEqualTo(new Outcome.Forward(stub, List.of("x", 1L)));
        assertThat(Dispatcher.call(m, List.of("c", "increment"), List.of(2L)))
                .isEqualTo(new Outcome.Forward(stub, List.of("increment")));
        assertThat(Dispatcher.call(m, List.of("c", "a", "b"), List.of()))
                .isEqualTo(new Outcome.Forward(stub, List.of("a", "b")));
        assertThat(Dispatcher.call(m, List.of("c"), List.of(1L))).isEqualTo(new Outcome.Forward(stub, List.of()));
        assertThat(Dispatcher.call(stub, List.of(), List.of())).isEqualTo(new Outcome.Forward(stub, List.of()));
        assertThat(Dispatcher.get(stub, List.of("x", "y"))).isEqualTo(new Outcome.Forward(stub, List.of("x", "y")));
        // A read that ends on a plain stub gives the stub, as in the reference.
        assertThat(get(m, "c")).isSameAs(stub);
        // Blocked names are checked before forwarding.
        DispatcherSecurityTest.assertNotAFunction(m, List.of("c", "toString"), "c.toString");
        // A getter that returns a stub forwards the rest of the path.
        StubHolder holder = new StubHolder(stub);
        assertThat(Dispatcher.get(holder, List.of("other", "value")))
                .isEqualTo(new Outcome.Forward(stub, List.of("value")));
        assertThat(Dispatcher.call(holder, List.of("other", "increment"), List.of()))
                .isEqualTo(new Outcome.Forward(stub, List.of("increment")));
    }

    @Test
    void readsEndingOnAPromiseForwardToIt() {
        RpcPromise p = RpcPromise.of(new CompletableFuture<>());
        assertThat(Dispatcher.get(Map.of("p", p), List.of("p"))).isEqualTo(new Outcome.Forward(p, List.of()));
        assertThat(Dispatcher.get(p, List.of())).isEqualTo(new Outcome.Forward(p, List.of()));
        assertThat(Dispatcher.get(Map.of("p", p), List.of("p", "q")))
                .isEqualTo(new Outcome.Forward(p, List.of("q")));
    }

    @Test
    void callOnNonFunctionValues() {
        DispatcherSecurityTest.assertNotAFunction(5L, List.of(), "");
        DispatcherSecurityTest.assertNotAFunction(Map.of("a", Map.of("b", 1L)), List.of("a", "b"), "a.b");
        DispatcherSecurityTest.assertNotAFunction(List.of(1L), List.of(0L), "0");
        DispatcherSecurityTest.assertNotAFunction(null, List.of("x"), "x");
        assertThatThrownBy(() -> Dispatcher.call(Undefined.INSTANCE, List.of("x"), List.of()))
                .hasMessage("Cannot read properties of undefined (reading 'x')");
    }
}
