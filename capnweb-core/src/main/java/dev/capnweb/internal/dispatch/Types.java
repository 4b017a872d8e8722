package dev.capnweb.internal.dispatch;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Generic type helpers: resolving the type variables of a superclass from the subclass's
 * declaration, so that a method {@code save(T item)} inherited by {@code UserRepo extends
 * Repo<User>} converts its argument to {@code User}.
 */
final class Types {
    private Types() {
    }

    /** @return the bindings of every type variable of {@code c}'s superclasses and interfaces */
    static Map<TypeVariable<?>, Type> bindings(Class<?> c) {
        Map<TypeVariable<?>, Type> map = new HashMap<>();
        collect(c, map);
        return map;
    }

    private static void collect(Class<?> c, Map<TypeVariable<?>, Type> map) {
        if (c == null || c == Object.class) {
            return;
        }
        bind(c.getGenericSuperclass(), map);
        collect(c.getSuperclass(), map);
        for (Type t : c.getGenericInterfaces()) {
            bind(t, map);
        }
        for (Class<?> i : c.getInterfaces()) {
            collect(i, map);
        }
    }

    private static void bind(Type t, Map<TypeVariable<?>, Type> map) {
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < vars.length && i < args.length; i++) {
                map.putIfAbsent(vars[i], resolve(args[i], map));
            }
        }
    }

    /** @return {@code t} with the type variables in {@code map} replaced */
    static Type resolve(Type t, Map<TypeVariable<?>, Type> map) {
        if (map.isEmpty()) {
            return t;
        }
        if (t instanceof TypeVariable<?> v) {
            Type bound = map.get(v);
            return bound == null ? v : bound;
        }
        if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            boolean changed = false;
            for (int i = 0; i < args.length; i++) {
                Type r = resolve(args[i], map);
                changed |= r != args[i];
                args[i] = r;
            }
            return changed ? new Parameterized((Class<?>) p.getRawType(), args, p.getOwnerType()) : p;
        }
        if (t instanceof GenericArrayType g) {
            Type c = resolve(g.getGenericComponentType(), map);
            if (c == g.getGenericComponentType()) {
                return g;
            }
            return c instanceof Class<?> cc ? cc.arrayType() : new GenericArray(c);
        }
        return t;
    }

    /** @return the class a type erases to ({@code Object} for an unbounded variable or wildcard) */
    static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof GenericArrayType g) {
            return raw(g.getGenericComponentType()).arrayType();
        }
        if (t instanceof TypeVariable<?> v) {
            Type[] bounds = v.getBounds();
            return bounds.length == 0 ? Object.class : raw(bounds[0]);
        }
        if (t instanceof WildcardType w) {
            Type[] upper = w.getUpperBounds();
            return upper.length == 0 ? Object.class : raw(upper[0]);
        }
        return Object.class;
    }

    /** @return the n-th type argument of a parameterized type, or {@code Object} when raw */
    static Type argument(Type t, int n) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > n) {
            Type a = p.getActualTypeArguments()[n];
            if (a instanceof WildcardType w) {
                Type[] upper = w.getUpperBounds();
                return w.getLowerBounds().length > 0 || upper.length == 0 ? Object.class : upper[0];
            }
            return a;
        }
        return Object.class;
    }

    /** A parameterized type built after resolving variables; equal to the JDK's equivalent. */
    static final class Parameterized implements ParameterizedType {
        private final Class<?> raw;
        private final Type[] args;
        private final Type owner;

        Parameterized(Class<?> raw, Type[] args, Type owner) {
            this.raw = raw;
            this.args = args;
            this.owner = owner;
        }

        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return owner;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && raw.equals(p.getRawType())
                    && Objects.equals(owner, p.getOwnerType()) && Arrays.equals(args, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(args) ^ Objects.hashCode(owner) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(raw.getTypeName()).append('<');
            for (int i = 0; i < args.length; i++) {
                sb.append(i > 0 ? ", " : "").append(args[i].getTypeName());
            }
            return sb.append('>').toString();
        }
    }

    /** A generic array type built after resolving variables. */
    static final class GenericArray implements GenericArrayType {
        private final Type component;

        GenericArray(Type component) {
            this.component = component;
        }

        @Override
        public Type getGenericComponentType() {
            return component;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GenericArrayType g && component.equals(g.getGenericComponentType());
        }

        @Override
        public int hashCode() {
            return component.hashCode();
        }

        @Override
        public String toString() {
            return component.getTypeName() + "[]";
        }
    }
}
