package dev.capnweb.examples;

import dev.capnweb.RpcException;
import dev.capnweb.RpcFunction;
import dev.capnweb.RpcPromise;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcStub;
import dev.capnweb.ws.WebSocketRpc;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Talks to {@link CalculatorServer} over WebSocket: a greeting, a pipelined calculation, a
 * callback the server calls, and an error.
 * Run (with the server running): {@code mvn -q -pl examples -am package exec:java
 * -Dexample=dev.capnweb.examples.CalculatorClient} (optional argument: the server's ws:// URI).
 */
public final class CalculatorClient {
    private CalculatorClient() {
    }

    /** @param uri the server's WebSocket endpoint */
    public static void run(URI uri) {
        try (RpcSession session = WebSocketRpc.connect(uri)) {
            exercise(session.main(), "WebSocket");
        }
    }

    /**
     * The calls this client makes, over whatever transport {@code api} came from.
     *
     * @param api the calculator's main stub
     * @param who the name to greet
     */
    public static void exercise(RpcStub api, String who) {
        System.out.println(api.call("hello", who).join());

        // (2 + 3) * 7, sent at once: the multiply names the add's result before it exists.
        RpcPromise sum = api.call("add", 2, 3);
        System.out.println("(2 + 3) * 7 = " + api.call("multiply", sum, 7).join());

        List<Object> ticks = Collections.synchronizedList(new ArrayList<>());
        RpcFunction onTick = args -> {
            ticks.add(args.get(0));
            return null;
        };
        Object result = api.call("countdown", 3, onTick).join();
        System.out.println("countdown called back " + ticks + ", then said " + result);

        try {
            api.call("divide", 1, 0).join();
        } catch (RpcException e) {
            System.out.println("divide(1, 0) failed: " + e.name() + ": " + e.getMessage());
        }
    }

    /** @param args optional: the server's ws:// URI */
    public static void main(String[] args) {
        run(URI.create(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/api"));
    }
}
