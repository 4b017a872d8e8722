package dev.capnweb.examples;

import dev.capnweb.RpcException;
import dev.capnweb.RpcStub;
import dev.capnweb.RpcTarget;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The main object {@link CalculatorServer} gives every session: a greeting, arithmetic, a
 * countdown that calls the client back, and a tiny social network for the batch example.
 */
public final class ExampleApi extends RpcTarget {
    private static final Map<Long, String> NAMES = Map.of(1L, "Alice", 2L, "Bob", 3L, "Carol", 4L, "Dave");
    private static final Map<Long, List<Long>> FRIENDS = Map.of(1L, List.of(2L, 3L), 2L, List.of(1L), 3L, List.of(1L, 4L));

    public String hello(String name) {
        return "Hello, " + name + "!";
    }

    public long add(long a, long b) {
        return a + b;
    }

    public long multiply(long a, long b) {
        return a * b;
    }

    public long divide(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a / b;
    }

    /** Calls {@code onTick(n)} for n = from..1, one after another, then answers. */
    public CompletionStage<String> countdown(long from, RpcStub onTick) {
        CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
        for (long n = from; n >= 1; n--) {
            long tick = n;
            chain = chain.thenCompose(ignored -> onTick.invoke(tick).toCompletableFuture());
        }
        return chain.thenApply(ignored -> "liftoff");
    }

    /** @return the user a token belongs to, as an object the client calls further */
    public User authenticate(String token) {
        if (!token.equals("alice-token")) {
            throw new RpcException("Error", "invalid token");
        }
        return new User(1L);
    }

    public Map<String, Object> getUserProfile(long id) {
        String name = NAMES.get(id);
        if (name == null) {
            throw new RpcException("RangeError", "no user " + id);
        }
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("id", id);
        profile.put("name", name);
        return profile;
    }

    /** An authenticated user; only reachable through {@link #authenticate}. */
    public static final class User extends RpcTarget {
        private final long id;

        User(long id) {
            this.id = id;
        }

        public String name() {
            return NAMES.get(id);
        }

        public List<Long> getFriendIds() {
            return FRIENDS.getOrDefault(id, List.of());
        }
    }
}
