package dev.capnweb.internal.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

/**
 * A record class's components: their accessors (the record's own properties when a path walks
 * into it) and its canonical constructor (to build it from a received object). Built once per
 * class and cached.
 */
final class RecordTable {
    private static final ClassValue<RecordTable> CACHE = new ClassValue<>() {
        @Override
        protected RecordTable computeValue(Class<?> type) {
            return new RecordTable(type);
        }
    };

    private final String[] names;
    private final Type[] componentTypes;
    private final Class<?>[] componentClasses;
    private final Map<String, MethodHandle> accessors;
    private final Map<String, String> accessorErrors;
    private final MethodHandle constructor;
    private final String accessError;

    private RecordTable(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        componentTypes = new Type[components.length];
        Class<?>[] raw = new Class<?>[components.length];
        Map<String, MethodHandle> acc = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            names[i] = c.getName();
            componentTypes[i] = c.getGenericType();
            raw[i] = c.getType();
            try {
                acc.put(c.getName(), Handles.accessor(c.getAccessor()));
            } catch (IllegalAccessException e) {
                errors.put(c.getName(), Handles.accessError(c.getAccessor()));
            }
        }
        componentClasses = raw;
        accessors = Map.copyOf(acc);
        accessorErrors = Map.copyOf(errors);
        MethodHandle ctor = null;
        String error = null;
        Constructor<?> canonical = null;
        try {
            canonical = type.getDeclaredConstructor(raw);
            ctor = Handles.spreadConstructor(canonical);
        } catch (NoSuchMethodException e) {
            error = "cannot create " + type.getSimpleName() + ": no canonical constructor";
        } catch (IllegalAccessException e) {
            error = Handles.accessError(canonical);
        }
        constructor = ctor;
        accessError = error;
    }

    /** @return the table of a record class */
    static RecordTable of(Class<?> recordClass) {
        return CACHE.get(recordClass);
    }

    /** @return the component names, in declaration order */
    String[] names() {
        return names;
    }

    /** @return the components' generic types, in declaration order */
    Type[] componentTypes() {
        return componentTypes;
    }

    /** @return the components' erased types, in declaration order */
    Class<?>[] componentClasses() {
        return componentClasses;
    }

    /** @return whether the record has a component of this name */
    boolean has(String name) {
        return accessors.containsKey(name) || accessorErrors.containsKey(name);
    }

    /**
     * Reads a component through its accessor; what the accessor throws propagates.
     *
     * @throws IllegalStateException when the module system forbids access
     */
    Object read(Object record, String name) {
        MethodHandle h = accessors.get(name);
        if (h == null) {
            throw new IllegalStateException(accessorErrors.get(name));
        }
        try {
            return h.invokeExact(record);
        } catch (Throwable t) {
            throw Throwing.sneaky(t);
        }
    }

    /** @return the canonical constructor as {@code (Object[])Object}, or {@code null} if inaccessible */
    MethodHandle constructor() {
        return constructor;
    }

    /** @return why {@link #constructor()} is {@code null} */
    String accessError() {
        return accessError;
    }
}
