package dev.capnweb.internal;

import dev.capnweb.RpcException;

import java.util.function.Function;
import java.util.function.Supplier;

/** Hook factories the API classes need without seeing the hook classes. */
public final class LocalHooks {
    /** The hook of a closed stub. */
    public static final Hook DISPOSED = new ErrorHook(
            new RpcException("Error", "Attempted to use RPC stub after it has been disposed."));

    private LocalHooks() {
    }

    /**
     * @param target an RpcTarget or a function
     * @return a hook owning one reference to it
     */
    public static Hook target(Object target) {
        if (!TargetHook.isCapability(target)) {
            throw new IllegalArgumentException("not an RpcTarget or a function: " + target.getClass().getName());
        }
        return new TargetHook(target);
    }

    /**
     * @param op   an operation
     * @param hook its subject
     * @return the operation's result, or an error hook for what it threw
     */
    public static Hook safely(Function<Hook, Hook> op, Hook hook) {
        try {
            return op.apply(hook);
        } catch (RuntimeException e) {
            return new ErrorHook(e);
        }
    }

    /**
     * @param lane where {@code op} must run
     * @param op   produces the hook
     * @return a promise hook for what {@code op} will produce on {@code lane}
     */
    public static Hook later(SerialLane lane, Supplier<Hook> op) {
        LocalPromiseHook result = new LocalPromiseHook(lane);
        lane.execute(() -> result.resolve(op.get()));
        return result;
    }

    /** @return a promise hook not yet resolved, for {@link #complete} */
    public static Hook pending() {
        return new LocalPromiseHook(null);
    }

    /**
     * Resolves a hook from {@link #pending()}.
     *
     * @param pending the hook
     * @param value   the value (a failure if it is {@code error})
     * @param error   the failure, or null
     */
    public static void complete(Hook pending, Object value, Throwable error) {
        ((LocalPromiseHook) pending).resolve(error != null
                ? new ErrorHook(Futures.unwrap(error)) : LocalCalls.resultHook(value));
    }
}
