package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcException;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Targets and values used by the dispatcher tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** The reference's Counter (§8.0): an instance field, increment(amount = 1), a value getter. */
    static class Counter extends RpcTarget {
        public long i;

        Counter(long i) {
            this.i = i;
        }

        public long increment(Long amount) {
            i += amount == null ? 1 : amount;
            return i;
        }

        public long getValue() {
            return i;
        }
    }

    /** Like Counter, but its parameter is primitive, so a missing argument is refused. */
    static class PrimitiveCounter extends RpcTarget {
        long i;

        public long increment(long amount) {
            i += amount;
            return i;
        }
    }

    /** The reference's TestTarget (§8.0), plus a few results of other kinds. */
    static class TestTarget extends RpcTarget {
        final CompletableFuture<Object> future = new CompletableFuture<>();

        public long square(long i) {
            return i * i;
        }

        public List<Long> generateFibonacci(int length) {
            List<Long> result = new ArrayList<>();
            long a = 0;
            long b = 1;
            for (int k = 0; k < length; k++) {
                result.add(a);
                long next = a + b;
                a = b;
                b = next;
            }
            return result;
        }

        public Object returnNull() {
            return null;
        }

        public void returnUndefined() {
        }

        public Object returnNumber(Object i) {
            return i;
        }

        public CompletionStage<Object> later() {
            return future;
        }

        public Counter makeCounter(long i) {
            return new Counter(i);
        }

        public RpcPromise echoPromise(RpcPromise p) {
            return p;
        }

        public Object throwError() {
            throw new RpcException("RangeError", "test error");
        }

        public Object throwChecked() throws IOException {
            throw new IOException("checked");
        }

        public String getName() {
            return "abc";
        }

        public boolean isReady() {
            return true;
        }

        public String getURL() {
            return "u";
        }

        public Object getPojo() {
            return new Pojo();
        }

        public Object getBroken() throws IOException {
            throw new IOException("getter failed");
        }

        public Map<String, Object> getData() {
            return Map.of("a", 1L);
        }
    }

    /** A class that is neither a target nor a value. */
    static class Pojo {
        public String secret = "s";

        public String getSecret() {
            return secret;
        }
    }

    record Point(int x, int y) {
    }

    record Holder(RpcStub stub, int n) {
    }

    record Box<T>(T value) {
    }

    /** A bean for Jackson. */
    public static class Bean {
        public String name;
        public int age;
    }

    /** A bean whose field would hold a stub: Jackson must not see it. */
    public static class StubBean {
        public Object s;
    }

    /** A bean with a class-named polymorphic field: must never be honoured. */
    public static class PolyBean {
        @com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.CLASS)
        public Object payload;
    }

    /** A bean with a Class field. */
    public static class ClassBean {
        public Class<?> type;
    }

    /** Overloads and conversions. */
    static class Overloaded extends RpcTarget {
        public String f() {
            return "f0";
        }

        public String f(String a) {
            return "f1s:" + a;
        }

        public String f(long a) {
            return "f1l:" + a;
        }

        public String f(double a) {
            return "f1d:" + a;
        }

        public String f(String a, String b, String c) {
            return "f3:" + a + "," + b + "," + c;
        }

        public String g(int a, int b) {
            return "g:" + (a + b);
        }

        public String h(Object o) {
            return "obj";
        }

        public String h(String s) {
            return "str";
        }

        public String v(String... xs) {
            return String.join(",", xs);
        }

        public int sum(List<Integer> xs) {
            int s = 0;
            for (int x : xs) {
                s += x;
            }
            return s;
        }

        public String rec(Point p) {
            return p.toString();
        }

        public int recList(List<Point> ps) {
            int s = 0;
            for (Point p : ps) {
                s += p.x() + p.y();
            }
            return s;
        }

        public int recMap(Map<String, Point> m) {
            return m.get("a").x();
        }

        public String bean(Bean b) {
            return b.name + "/" + b.age;
        }

        public String stubBean(StubBean b) {
            return "called";
        }

        public String poly(PolyBean b) {
            return "called";
        }

        public String cls(Class<?> c) {
            return "called";
        }

        public String classBean(ClassBean b) {
            return "called";
        }

        public String opt(Optional<String> o) {
            return o.orElse("empty");
        }

        public Object raw(Object o) {
            return o;
        }

        public Object rawList(List<Object> o) {
            return o;
        }

        public Object stub(RpcStub s) {
            return s;
        }

        public Holder holder(Holder h) {
            return h;
        }

        public Object box(Box<Point> b) {
            return b.value();
        }

        public int[] ints(int[] xs) {
            return xs;
        }

        public String mode(Mode m) {
            return m.name();
        }
    }

    enum Mode { FAST, SLOW }

    /** A target full of reflective escape hatches, none of which may be callable. */
    static class Escapes extends RpcTarget implements AutoCloseable, Comparable<Escapes>, Iterable<String> {
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger touched = new AtomicInteger();

        @Override
        public void close() {
            closed.set(true);
        }

        @Override
        public int compareTo(Escapes o) {
            touched.incrementAndGet();
            return 0;
        }

        @Override
        public Iterator<String> iterator() {
            touched.incrementAndGet();
            return List.of("x").iterator();
        }

        @Override
        public String toString() {
            touched.incrementAndGet();
            return "escapes";
        }

        @Override
        public int hashCode() {
            touched.incrementAndGet();
            return 1;
        }

        @Override
        public boolean equals(Object o) {
            touched.incrementAndGet();
            return o == this;
        }

        @Override
        public Escapes clone() {
            touched.incrementAndGet();
            return this;
        }

        public static String staticMethod() {
            return "static";
        }

        public static String getStaticSecret() {
            return "static";
        }

        protected String protectedMethod() {
            return "protected";
        }

        String packageMethod() {
            return "package";
        }

        @SuppressWarnings("unused")
        private String privateMethod() {
            return "private";
        }

        public String ok() {
            return "ok";
        }
    }

    /** A generic base whose method a subclass overrides, which makes javac emit a bridge. */
    static class GenericBase<T> extends RpcTarget {
        public String put(T t) {
            return "base";
        }

        public String save(T item) {
            return item.getClass().getSimpleName();
        }
    }

    /** Overrides put(T) with put(String); save(T) is inherited with T = String. */
    static class GenericDerived extends GenericBase<String> {
        @Override
        public String put(String s) {
            return "derived:" + s;
        }
    }

    /** Inherits save(T) with T = Point, so arguments convert to Point. */
    static class PointRepo extends GenericBase<Point> {
    }

    /** Covariant return override: another bridge. */
    static class CovBase extends RpcTarget {
        public Object make() {
            return "base";
        }
    }

    static class CovDerived extends CovBase {
        @Override
        public String make() {
            return "derived";
        }
    }

    /** An application interface with a default method: callable. */
    interface Greeter {
        default String greet(String n) {
            return "hi " + n;
        }
    }

    /** A private class: its public methods are still callable. */
    private static class Hidden extends RpcTarget implements Greeter {
        public String secretive() {
            return "hidden";
        }
    }

    static RpcTarget hidden() {
        return new Hidden();
    }

    /** A target whose getter hands out a stub. */
    static class StubHolder extends RpcTarget {
        private final RpcStub stub;

        StubHolder(RpcStub stub) {
            this.stub = stub;
        }

        public RpcStub getOther() {
            return stub;
        }
    }

    /** A target with both a getter and a record-style method of one property name. */
    static class Both extends RpcTarget {
        public String getX() {
            return "getter";
        }

        public String x() {
            return "method";
        }
    }

    static String joined(List<?> xs) {
        return xs.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
