package dev.capnweb.internal.dispatch;

import dev.capnweb.RpcException;
import dev.capnweb.Undefined;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One callable method of a target class, with its invoker and parameter converters. */
final class MethodEntry {
    final String name;
    final int arity;
    final boolean varArgs;
    final boolean isVoid;
    final Class<?> returnType;
    final Class<?>[] rawParams;
    final Type[] paramTypes;
    final String[] paramNames;
    final ArgumentConverter.Converter[] converters;
    /** {@code name(paramTypes)declaringClass}; orders overloads deterministically. */
    final String sortKey;
    private final MethodHandle handle;
    private final String accessError;

    MethodEntry(Method m, Map<TypeVariable<?>, Type> bindings) {
        name = m.getName();
        arity = m.getParameterCount();
        varArgs = m.isVarArgs();
        returnType = m.getReturnType();
        isVoid = returnType == void.class;
        rawParams = m.getParameterTypes();
        Type[] generic = m.getGenericParameterTypes();
        if (generic.length != arity) {
            // Synthetic leading parameters (inner-class constructors) never apply to methods, but
            // be safe: fall back to the erased types.
            generic = rawParams.clone();
        }
        paramTypes = new Type[arity];
        converters = new ArgumentConverter.Converter[arity];
        paramNames = new String[arity];
        Parameter[] params = m.getParameters();
        for (int i = 0; i < arity; i++) {
            paramTypes[i] = Types.resolve(generic[i], bindings);
            if (!rawParams[i].isAssignableFrom(Types.raw(paramTypes[i]))) {
                // A resolved variable that does not fit the erasure (should not happen): keep erasure.
                paramTypes[i] = rawParams[i];
            }
            converters[i] = ArgumentConverter.forType(paramTypes[i]);
            paramNames[i] = params[i].getName();
        }
        sortKey = name + Stream.of(rawParams).map(Class::getTypeName).collect(Collectors.joining(",", "(", ")"))
                + m.getDeclaringClass().getName();
        MethodHandle h = null;
        String error = null;
        try {
            h = Handles.spreadInstance(m);
        } catch (IllegalAccessException e) {
            error = Handles.accessError(m);
        }
        handle = h;
        accessError = error;
    }

    /** @return the fewest arguments this method can take */
    int minArgs() {
        return varArgs ? arity - 1 : arity;
    }

    /** @return the most arguments this method can take */
    int maxArgs() {
        return varArgs ? Integer.MAX_VALUE : arity;
    }

    /**
     * Invokes the method; what it throws propagates unwrapped.
     *
     * @param target the receiver
     * @param args   converted arguments, exactly {@link #arity} of them
     * @return the return value, {@link Undefined#INSTANCE} for {@code void}
     */
    Object invoke(Object target, Object[] args) throws Throwable {
        if (handle == null) {
            throw new RpcException("Error", accessError);
        }
        Object result = (Object) handle.invokeExact(target, args);
        return isVoid ? Undefined.INSTANCE : result;
    }

    @Override
    public String toString() {
        return sortKey;
    }
}
