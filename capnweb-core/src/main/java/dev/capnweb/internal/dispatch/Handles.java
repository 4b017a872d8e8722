package dev.capnweb.internal.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;

/**
 * Method handles for application classes, which are often not public (private nested classes,
 * anonymous classes, records declared in tests).
 *
 * <p>A member is made accessible with {@code trySetAccessible}; when the module system refuses
 * (the class is in a named module that does not open its package to {@code dev.capnweb.core}),
 * the public lookup is tried, which works for public members of public classes in exported
 * packages. Otherwise the handle cannot be made and {@link #accessError} says how to fix it.
 */
final class Handles {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType SPREAD = MethodType.methodType(Object.class, Object.class, Object[].class);

    private Handles() {
    }

    /**
     * @return a handle of type {@code (Object target, Object[] args)Object} for an instance method;
     *         a {@code void} method's handle returns {@code null}
     * @throws IllegalAccessException when the module system forbids access
     */
    static MethodHandle spreadInstance(Method m) throws IllegalAccessException {
        // Fixed arity: varargs are packed by Overloads, never by the handle.
        MethodHandle mh = unreflect(m).asFixedArity();
        return mh.asSpreader(Object[].class, m.getParameterCount()).asType(SPREAD);
    }

    /**
     * @return a handle of type {@code (Object[] args)Object} for a constructor
     * @throws IllegalAccessException when the module system forbids access
     */
    static MethodHandle spreadConstructor(Constructor<?> c) throws IllegalAccessException {
        MethodHandle mh;
        if (c.trySetAccessible()) {
            mh = LOOKUP.unreflectConstructor(c);
        } else {
            mh = MethodHandles.publicLookup().unreflectConstructor(c);
        }
        return mh.asFixedArity().asSpreader(Object[].class, c.getParameterCount())
                .asType(MethodType.methodType(Object.class, Object[].class));
    }

    /**
     * @return a handle of type {@code (Object target)Object} for a no-argument instance method
     * @throws IllegalAccessException when the module system forbids access
     */
    static MethodHandle accessor(Method m) throws IllegalAccessException {
        return unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
    }

    private static MethodHandle unreflect(Method m) throws IllegalAccessException {
        if (m.trySetAccessible()) {
            return LOOKUP.unreflect(m);
        }
        return MethodHandles.publicLookup().unreflect(m);
    }

    /** @return the message explaining why {@code member} cannot be invoked */
    static String accessError(Executable member) {
        Class<?> c = member.getDeclaringClass();
        Module module = c.getModule();
        String where = module.isNamed() ? "module " + module.getName() : "its module";
        return "Cannot invoke " + c.getName() + "." + member.getName() + ": package " + c.getPackageName()
                + " of " + where + " is not open to dev.capnweb.core (add 'opens " + c.getPackageName()
                + " to dev.capnweb.core;' to its module-info)";
    }
}
