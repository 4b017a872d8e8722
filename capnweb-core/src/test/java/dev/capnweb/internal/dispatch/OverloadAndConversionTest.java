package dev.capnweb.internal.dispatch;

import static dev.capnweb.internal.dispatch.DispatcherSecurityTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capnweb.RpcException;
import dev.capnweb.RpcStub;
import dev.capnweb.Undefined;
import dev.capnweb.internal.dispatch.Fixtures.Counter;
import dev.capnweb.internal.dispatch.Fixtures.Holder;
import dev.capnweb.internal.dispatch.Fixtures.Overloaded;
import dev.capnweb.internal.dispatch.Fixtures.Point;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OverloadAndConversionTest {
    private final Overloaded o = new Overloaded();

    private Object call(String method, Object... args) throws Throwable {
        return value(Dispatcher.call(o, List.of(method), Arrays.asList(args)));
    }

    private void fails(String method, String message, Object... args) {
        assertThatThrownBy(() -> call(method, args))
                .isInstanceOf(RpcException.class)
                .hasMessage(message)
                .extracting(e -> ((RpcException) e).name()).isEqualTo("TypeError");
    }

    @Test
    void exactArityIsPreferredAndTheCheapestConversionWins() throws Throwable {
        assertThat(call("f")).isEqualTo("f0");
        assertThat(call("f", "x")).isEqualTo("f1s:x");
        assertThat(call("f", 3L)).isEqualTo("f1l:3");
        assertThat(call("f", 2.5)).isEqualTo("f1d:2.5");
        assertThat(call("f", 2.0)).isEqualTo("f1d:2.0");
        assertThat(call("h", "x")).isEqualTo("str");
        assertThat(call("h", 5L)).isEqualTo("obj");
    }

    @Test
    void noOverloadAcceptsTheArguments() {
        assertThatThrownBy(() -> call("f", true))
                .isInstanceOf(RpcException.class)
                .hasMessageStartingWith("Cannot convert argument 0 of f: expected ");
    }

    @Test
    void missingArgumentsPickTheNextLargerArityAndSurplusArgumentsAreDropped() throws Throwable {
        assertThat(call("f", "a", "b")).isEqualTo("f3:a,b,null");
        assertThat(call("f", "a", "b", "c", "d")).isEqualTo("f3:a,b,c");
        assertThat(call("g", 1L, 2L, 3L)).isEqualTo("g:3");
        assertThatThrownBy(() -> call("g", 1L))
                .hasMessageStartingWith("Cannot convert argument 1 of g: missing value for primitive parameter '")
                .hasMessageEndingWith("' (int)");
        assertThatThrownBy(() -> call("g", 1L, Undefined.INSTANCE))
                .hasMessageContaining("argument 1 of g: missing value for primitive parameter");
    }

    @Test
    void varargs() throws Throwable {
        assertThat(call("v")).isEqualTo("");
        assertThat(call("v", "a")).isEqualTo("a");
        assertThat(call("v", "a", "b")).isEqualTo("a,b");
        assertThat(call("v", List.of("c", "d"))).isEqualTo("c,d");
        fails("v", "Cannot convert argument 0 of v: [1]: expected String, got number 2", "a", 2L);
    }

    @Test
    void genericCollectionsAndRecords() throws Throwable {
        assertThat(call("sum", List.of(1L, 2L, 3L))).isEqualTo(6);
        fails("sum", "Cannot convert argument 0 of sum: [1]: expected an integer (Integer), got number 2.5",
                List.of(1L, 2.5));
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("x", 1L);
        point.put("y", 2L);
        point.put("extra", "ignored");
        assertThat(call("rec", point)).isEqualTo("Point[x=1, y=2]");
        fails("rec", "Cannot convert argument 0 of rec: property 'y': missing value for primitive int", Map.of("x", 1L));
        fails("rec", "Cannot convert argument 0 of rec: expected Point, got array", List.of(1L));
        assertThat(call("recList", List.of(point, Map.of("x", 10L, "y", 20L)))).isEqualTo(33);
        assertThat(call("recMap", Map.of("a", point))).isEqualTo(1);
        assertThat(call("box", Map.of("value", point))).isEqualTo(new Point(1, 2));
        assertThat((int[]) call("ints", List.of(1L, 2L))).containsExactly(1, 2);
        assertThat(call("mode", "FAST")).isEqualTo("FAST");
        fails("mode", "Cannot convert argument 0 of mode: 'MEDIUM' is not a Mode", "MEDIUM");
        assertThat(call("opt")).isEqualTo("empty");
        assertThat(call("opt", "x")).isEqualTo("x");
    }

    @Test
    void generic_superclassParametersResolveToTheSubclassBinding() throws Throwable {
        Object r = value(Dispatcher.call(new Fixtures.PointRepo(), List.of("save"), List.of(Map.of("x", 1L, "y", 2L))));
        assertThat(r).isEqualTo("Point");
    }

    @Test
    void assignableValuesArePassedAsIs() throws Throwable {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("a", 1L));
        assertThat(call("raw", m)).isSameAs(m);
        List<Object> l = new ArrayList<>(List.of(1L, Undefined.INSTANCE));
        assertThat(call("rawList", l)).isSameAs(l);
        RpcStub stub = RpcStub.of(new Counter(1));
        assertThat(call("stub", stub)).isSameAs(stub);
        assertThat(call("raw", (Object) null)).isNull();
    }

    @Test
    void anObjectParameterReceivesUndefinedAsTheReferenceDoes() throws Throwable {
        // capnweb 0.12.0: returnNumber(undefined) and returnNumber() both return undefined.
        assertThat(call("raw", Undefined.INSTANCE)).isSameAs(Undefined.INSTANCE);
        assertThat(call("raw")).isSameAs(Undefined.INSTANCE);
        // Typed parameters keep reading undefined as null (or an empty Optional).
        assertThat(call("f", "x", Undefined.INSTANCE, null)).isEqualTo("f3:x,null,null");
        assertThat(call("opt", Undefined.INSTANCE)).isEqualTo("empty");
    }

    @Test
    void recordsMayCarryStubsButBeansMayNot() throws Throwable {
        RpcStub stub = RpcStub.of(new Counter(1));
        Holder h = (Holder) call("holder", Map.of("stub", stub, "n", 2L));
        assertThat(h.stub()).isSameAs(stub);
        assertThat(h.n()).isEqualTo(2);
        assertThatThrownBy(() -> call("stubBean", Map.of("s", stub)))
                .isInstanceOf(RpcException.class)
                .hasMessageStartingWith("Cannot convert argument 0 of stubBean: a stub cannot be converted to StubBean");
    }

    @Test
    void beansGoThroughJacksonSafely() throws Throwable {
        assertThat(call("bean", Map.of("name", "n", "age", 3L, "unknown", true))).isEqualTo("n/3");
        assertThat(call("bean", Map.of("name", "x"))).isEqualTo("x/0");
        assertThatThrownBy(() -> call("bean", Map.of("name", "n", "age", "3")))
                .isInstanceOf(RpcException.class)
                .hasMessageStartingWith("Cannot convert argument 0 of bean: Cannot coerce String value");
        assertThatThrownBy(() -> call("bean", Map.of("name", "n", "age", 2.5)))
                .hasMessageStartingWith("Cannot convert argument 0 of bean: Cannot coerce Floating-point value");
        assertThatThrownBy(() -> call("bean", Map.of("name", 5L, "age", 1L)))
                .hasMessageStartingWith("Cannot convert argument 0 of bean: Cannot coerce Integer value");
        // No class named by the peer is ever instantiated.
        Map<String, Object> payload = Map.of("payload", List.of("java.util.ArrayList", List.of()));
        assertThatThrownBy(() -> call("poly", payload))
                .isInstanceOf(RpcException.class)
                .hasMessageStartingWith("Cannot convert argument 0 of poly: ")
                .hasMessageContaining("PolymorphicTypeValidator");
        Map<String, Object> payload2 = Map.of("payload", Map.of("@class", "java.util.ArrayList"));
        assertThatThrownBy(() -> call("poly", payload2))
                .hasMessageStartingWith("Cannot convert argument 0 of poly: ")
                .hasMessageContaining("PolymorphicTypeValidator");
        fails("cls", "Cannot convert argument 0 of cls: expected Class<?>, got string", "java.lang.Runtime");
        fails("classBean", "Cannot convert argument 0 of classBean: Class values cannot be received over RPC",
                Map.of("type", "java.lang.Runtime"));
    }

    @Test
    void publicConvert() {
        assertThat(Dispatcher.convert(3L, Integer.class)).isEqualTo(3);
        assertThat(Dispatcher.convert(Undefined.INSTANCE, String.class)).isNull();
        assertThat(Dispatcher.convert(Map.of("x", 1L, "y", 2L), Point.class)).isEqualTo(new Point(1, 2));
        assertThatThrownBy(() -> Dispatcher.convert("x", int.class))
                .isInstanceOf(RpcException.class)
                .hasMessage("Cannot convert value to int: expected int, got string");
    }
}
