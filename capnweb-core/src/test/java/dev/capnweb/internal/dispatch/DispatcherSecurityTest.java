package dev.capnweb.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capnweb.RpcException;
import dev.capnweb.Undefined;
import dev.capnweb.internal.dispatch.Dispatcher.Outcome;
import dev.capnweb.internal.dispatch.Fixtures.CovDerived;
import dev.capnweb.internal.dispatch.Fixtures.Escapes;
import dev.capnweb.internal.dispatch.Fixtures.GenericDerived;
import dev.capnweb.internal.dispatch.Fixtures.TestTarget;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DispatcherSecurityTest {
    static Object value(Outcome o) {
        assertThat(o).isInstanceOf(Outcome.Value.class);
        return ((Outcome.Value) o).value();
    }

    static void assertNotAFunction(Object root, List<Object> path, String printed) {
        assertThatThrownBy(() -> Dispatcher.call(root, path, List.of()))
                .isInstanceOf(RpcException.class)
                .hasMessage("'" + printed + "' is not a function.")
                .extracting(e -> ((RpcException) e).name()).isEqualTo("TypeError");
    }

    @ParameterizedTest
    @ValueSource(strings = {"getClass", "wait", "notify", "notifyAll", "hashCode", "equals", "toString",
            "clone", "finalize", "close", "compareTo", "iterator", "forEach", "spliterator", "staticMethod",
            "getStaticSecret", "protectedMethod", "packageMethod", "privateMethod", "valueOf", "constructor",
            "__proto__", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
            "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "lambda$0"})
    void reflectiveEscapesAreNotFunctions(String name) {
        Escapes target = new Escapes();
        assertNotAFunction(target, List.of(name), name);
        assertNotAFunction(target, List.of(name), name);
        assertThat(value(Dispatcher.get(target, List.of(name)))).isSameAs(Undefined.INSTANCE);
        assertThat(target.closed).isFalse();
        assertThat(target.touched).hasValue(0);
        // A BoundMethod forged for the name is refused too.
        assertThatThrownBy(() -> Dispatcher.call(new BoundMethod(target, name), List.of(), List.of()))
                .isInstanceOf(RpcException.class).hasMessageContaining("is not a function");
        assertThat(target.closed).isFalse();
    }

    @Test
    void escapeTargetStillServesItsOwnMethod() throws Throwable {
        assertThat(value(Dispatcher.call(new Escapes(), List.of("ok"), List.of()))).isEqualTo("ok");
        assertThat(MethodTable.of(Escapes.class).methodNames()).containsExactly("ok");
        assertThat(MethodTable.of(Escapes.class).getterNames()).isEmpty();
    }

    @Test
    void onlyTargetMethodsOfSubclassesAreListed() {
        assertThat(MethodTable.of(TestTarget.class).methodNames())
                .doesNotContain("getClass", "hashCode", "equals", "toString", "wait", "notify", "notifyAll")
                .contains("square", "getName", "isReady");
        assertThat(MethodTable.of(Fixtures.Pojo.class).methodNames()).isEmpty();
        assertThat(MethodTable.of(String.class).methodNames()).isEmpty();
        assertThat(MethodTable.of(dev.capnweb.RpcTarget.class).methodNames()).isEmpty();
    }

    @Test
    void propertyStyleEscapes() {
        TestTarget t = new TestTarget();
        assertThat(value(Dispatcher.get(t, List.of("class")))).isSameAs(Undefined.INSTANCE);
        assertThat(value(Dispatcher.get(t, List.of("constructor")))).isSameAs(Undefined.INSTANCE);
        assertThat(value(Dispatcher.get(t, List.of("__proto__")))).isSameAs(Undefined.INSTANCE);
        assertThat(value(Dispatcher.get(t, List.of("staticSecret")))).isSameAs(Undefined.INSTANCE);
        assertThatThrownBy(() -> Dispatcher.get(t, List.of("getClass", "getClassLoader")))
                .isInstanceOf(RpcException.class)
                .hasMessage("Cannot read properties of undefined (reading 'getClassLoader')");
        assertThatThrownBy(() -> Dispatcher.call(t, List.of("getClass", "getClassLoader"), List.of()))
                .isInstanceOf(RpcException.class)
                .hasMessage("Cannot read properties of undefined (reading 'getClassLoader')");
        assertThatThrownBy(() -> Dispatcher.get(t, List.of("constructor", "name")))
                .hasMessage("Cannot read properties of undefined (reading 'name')");
        assertNotAFunction(t, List.of("constructor"), "constructor");
        assertNotAFunction(t, List.of("__proto__"), "__proto__");
    }

    @Test
    void methodsOfNonTargetsAreNeverReachable() {
        TestTarget t = new TestTarget();
        // A String reached by a path: its methods do not exist for the peer.
        assertNotAFunction(t, List.of("name", "length"), "name.length");
        assertNotAFunction(t, List.of("name", "getBytes"), "name.getBytes");
        assertThat(value(Dispatcher.get(t, List.of("name", "length")))).isSameAs(Undefined.INSTANCE);
        // A POJO: not serializable, so nothing on it is reachable.
        assertThatThrownBy(() -> Dispatcher.call(t, List.of("pojo", "getSecret"), List.of()))
                .isInstanceOf(RpcException.class)
                .hasMessage("'pojo' is not a serializable type, so property pojo cannot be accessed.");
        assertThatThrownBy(() -> Dispatcher.get(t, List.of("pojo", "secret")))
                .hasMessage("'pojo' is not a serializable type, so property pojo cannot be accessed.");
        // A Map: its Java methods are not properties.
        assertNotAFunction(t, List.of("data", "get"), "data.get");
        assertNotAFunction(Map.of("a", 1L), List.of("entrySet"), "entrySet");
        assertNotAFunction(List.of(1L), List.of("iterator"), "iterator");
        assertNotAFunction(new Fixtures.Point(1, 2), List.of("x"), "x");
        assertNotAFunction(new Fixtures.Point(1, 2), List.of("hashCode"), "hashCode");
    }

    @Test
    void bridgeMethodsAreNotCallableAndOverridesAreListedOnce() throws Throwable {
        List<MethodEntry> puts = MethodTable.of(GenericDerived.class).methods("put");
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).rawParams).containsExactly(String.class);
        GenericDerived d = new GenericDerived();
        assertThat(value(Dispatcher.call(d, List.of("put"), List.of("x")))).isEqualTo("derived:x");
        // Through a bridge the call would reach put(String) with a Long: a ClassCastException.
        assertThatThrownBy(() -> Dispatcher.call(d, List.of("put"), List.of(5L)))
                .isInstanceOf(RpcException.class)
                .hasMessage("Cannot convert argument 0 of put: expected String, got number 5");
        List<MethodEntry> makes = MethodTable.of(CovDerived.class).methods("make");
        assertThat(makes).hasSize(1);
        assertThat(value(Dispatcher.call(new CovDerived(), List.of("make"), List.of()))).isEqualTo("derived");
    }

    @Test
    void privateAndAnonymousClassesWork() throws Throwable {
        assertThat(value(Dispatcher.call(Fixtures.hidden(), List.of("secretive"), List.of()))).isEqualTo("hidden");
        assertThat(value(Dispatcher.call(Fixtures.hidden(), List.of("greet"), List.of("bob")))).isEqualTo("hi bob");
        dev.capnweb.RpcTarget anon = new dev.capnweb.RpcTarget() {
            @SuppressWarnings("unused")
            public String hello() {
                return "anon";
            }
        };
        assertThat(value(Dispatcher.call(anon, List.of("hello"), List.of()))).isEqualTo("anon");
    }

    @Test
    void forgedBoundMethodForNonTargetIsRefused() {
        assertThatThrownBy(() -> Dispatcher.call(new BoundMethod(null, "x"), List.of(), List.of()))
                .isInstanceOf(RpcException.class).hasMessage("'x' is not a function.");
    }
}
