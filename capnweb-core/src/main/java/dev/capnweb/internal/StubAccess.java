package dev.capnweb.internal;

import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;

import java.util.List;

/**
 * The engine's way into the API classes' internals: {@link RpcStub} and {@link RpcPromise} keep
 * their constructors and hooks package-private, and register an {@link Access} here when they are
 * initialised. This keeps engine types out of the public API.
 */
public final class StubAccess {
    /** Implemented in {@code dev.capnweb}. */
    public interface Access {
        /** @param hook the hook @return a stub owning it */
        RpcStub newStub(Hook hook);

        /** @param hook the hook @param path the property path @return a promise over it */
        RpcPromise newPromise(Hook hook, List<Object> path);

        /** @param stub a stub or promise @return its current hook */
        Hook hook(RpcStub stub);

        /** @param promise a promise @return its property path (empty for a root promise) */
        List<Object> path(RpcPromise promise);
    }

    private static volatile Access access;

    private StubAccess() {
    }

    /** Called once by {@code RpcStub}'s static initialiser. @param a the implementation */
    public static void register(Access a) {
        access = a;
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(RpcStub.class.getName(), true, RpcStub.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    static RpcStub newStub(Hook hook) {
        return access().newStub(hook);
    }

    static RpcPromise newPromise(Hook hook) {
        return access().newPromise(hook, List.of());
    }

    static Hook hook(RpcStub stub) {
        return access().hook(stub);
    }

    static List<Object> path(RpcStub stub) {
        return stub instanceof RpcPromise p ? access().path(p) : List.of();
    }
}
