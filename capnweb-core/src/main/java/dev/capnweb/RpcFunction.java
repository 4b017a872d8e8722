package dev.capnweb;

import java.util.List;

/**
 * A function that can be passed to the peer by reference: the peer receives a stub and calls it
 * with {@code stub(args...)}. Lambdas of the {@code java.util.function} interfaces
 * ({@code Function}, {@code BiFunction}, {@code Supplier}, {@code Consumer}, {@code BiConsumer})
 * and {@code Runnable} are passed the same way; this interface takes any number of arguments.
 */
@FunctionalInterface
public interface RpcFunction {
    /**
     * Runs the function.
     *
     * @param args the arguments as received (see the value mapping in {@code package-info})
     * @return the result: a value, a {@code CompletionStage}, a stub or a promise
     * @throws Exception sent to the caller as an error
     */
    Object call(List<Object> args) throws Exception;
}
