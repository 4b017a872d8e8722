package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcTarget;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a peer may reach on an {@link RpcTarget} class: its callable methods (by name, overloads
 * sorted), its getters (by property name) and its public instance fields (which are refused
 * with the reference's "instance property" error). Built once per class, cached in a
 * {@link ClassValue}, immutable, so lookups during calls are map reads only.
 *
 * <p>Callable: public, non-static, non-synthetic, non-bridge methods declared by classes strictly
 * below {@code RpcTarget}, plus public default methods of application interfaces the class
 * implements. Refused even when declared there: every name of {@link Object}'s and
 * {@code RpcTarget}'s methods, {@code close}, the JavaScript {@code Object.prototype} names, and
 * every method name declared by a JDK interface the class implements (so implementing
 * {@code Comparable} or {@code Iterable} never exposes {@code compareTo} or {@code iterator}).
 * A superclass method that a subclass overrides, including through a bridge method, is not
 * listed twice; the handle dispatches virtually anyway.
 *
 * <p>Getters: callable methods with no parameters and a non-void result named {@code getX}, or
 * {@code isX} returning {@code boolean}/{@code Boolean}; the property name is decapitalised as
 * in JavaBeans ({@code getValue} → {@code value}, {@code getURL} → {@code URL}).
 */
final class MethodTable {
    private static final ClassValue<MethodTable> CACHE = new ClassValue<>() {
        @Override
        protected MethodTable computeValue(Class<?> type) {
            return new MethodTable(type);
        }
    };

    private final Map<String, List<MethodEntry>> methods;
    private final Map<String, MethodEntry> getters;
    private final Set<String> instanceFields;

    private MethodTable(Class<?> type) {
        if (!RpcTarget.class.isAssignableFrom(type) || type == RpcTarget.class) {
            methods = Map.of();
            getters = Map.of();
            instanceFields = Set.of();
            return;
        }
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> k = type; k != RpcTarget.class; k = k.getSuperclass()) {
            addInterfaces(k.getInterfaces(), interfaces);
        }
        Set<String> refused = refusedNames(interfaces);
        Map<TypeVariable<?>, Type> bindings = Types.bindings(type);

        Set<String> seen = new HashSet<>();
        List<Method> chosen = new ArrayList<>();
        for (Class<?> k = type; k != RpcTarget.class; k = k.getSuperclass()) {
            Method[] declared = sorted(k.getDeclaredMethods());
            for (Method m : declared) {
                if (eligible(m, refused) && !seen.contains(signature(m))) {
                    chosen.add(m);
                }
            }
            for (Method m : declared) {
                seen.add(signature(m));
            }
        }
        for (Class<?> i : interfaces) {
            if (isJdk(i)) {
                continue;
            }
            for (Method m : sorted(i.getDeclaredMethods())) {
                if (m.isDefault() && eligible(m, refused) && seen.add(signature(m))) {
                    chosen.add(m);
                }
            }
        }

        List<MethodEntry> entries = new ArrayList<>();
        for (Method m : chosen) {
            entries.add(new MethodEntry(m, bindings));
        }
        entries.sort(Comparator.comparingInt((MethodEntry e) -> e.arity).thenComparing(e -> e.sortKey));
        Map<String, List<MethodEntry>> byName = new LinkedHashMap<>();
        Map<String, MethodEntry> props = new HashMap<>();
        for (MethodEntry e : entries) {
            byName.computeIfAbsent(e.name, n -> new ArrayList<>()).add(e);
            if (e.arity == 0 && !e.isVoid) {
                boolean bool = e.returnType == boolean.class || e.returnType == Boolean.class;
                String property = Names.propertyOfGetter(e.name, bool);
                if (property != null) {
                    props.putIfAbsent(property, e);
                }
            }
        }
        Map<String, List<MethodEntry>> frozen = new HashMap<>();
        byName.forEach((n, l) -> frozen.put(n, List.copyOf(l)));
        methods = Map.copyOf(frozen);
        getters = Map.copyOf(props);

        Set<String> fields = new HashSet<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.add(f.getName());
            }
        }
        instanceFields = Set.copyOf(fields);
    }

    /** @return the table of {@code type}; empty unless it is a subclass of {@code RpcTarget} */
    static MethodTable of(Class<?> type) {
        return CACHE.get(type);
    }

    /** @return the overloads named {@code name}, ordered by arity then signature, or {@code null} */
    List<MethodEntry> methods(String name) {
        return methods.get(name);
    }

    /** @return the getter of property {@code name}, or {@code null} */
    MethodEntry getter(String name) {
        return getters.get(name);
    }

    /** @return whether {@code name} is a public instance field */
    boolean isInstanceField(String name) {
        return instanceFields.contains(name);
    }

    /** @return the callable method names (for tests and diagnostics) */
    Set<String> methodNames() {
        return methods.keySet();
    }

    /** @return the readable property names (for tests and diagnostics) */
    Set<String> getterNames() {
        return getters.keySet();
    }

    private static void addInterfaces(Class<?>[] direct, Set<Class<?>> into) {
        for (Class<?> i : direct) {
            if (into.add(i)) {
                addInterfaces(i.getInterfaces(), into);
            }
        }
    }

    private static Set<String> refusedNames(Set<Class<?>> interfaces) {
        Set<String> refused = new HashSet<>(Names.REFUSED_METHODS);
        for (Method m : Object.class.getDeclaredMethods()) {
            refused.add(m.getName());
        }
        for (Method m : RpcTarget.class.getDeclaredMethods()) {
            refused.add(m.getName());
        }
        for (Class<?> i : interfaces) {
            if (isJdk(i)) {
                for (Method m : i.getMethods()) {
                    refused.add(m.getName());
                }
            }
        }
        return refused;
    }

    private static boolean eligible(Method m, Set<String> refused) {
        int mod = m.getModifiers();
        return Modifier.isPublic(mod) && !Modifier.isStatic(mod) && !m.isSynthetic() && !m.isBridge()
                && !refused.contains(m.getName());
    }

    /** @return whether a class belongs to the JDK (its methods are never callable) */
    static boolean isJdk(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return true;
        }
        String pkg = c.getPackageName();
        return pkg.startsWith("java.") || pkg.startsWith("javax.") || pkg.startsWith("jdk.")
                || pkg.startsWith("sun.") || pkg.startsWith("com.sun.");
    }

    private static String signature(Method m) {
        return m.getName() + Stream.of(m.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static Method[] sorted(Method[] methods) {
        Method[] copy = methods.clone();
        Arrays.sort(copy, Comparator.comparing(Method::toGenericString));
        return copy;
    }
}
