package dev.capnweb.examples;

import dev.capnweb.Publishers;
import dev.capnweb.RpcSession;
import dev.capnweb.ws.WebSocketRpc;

import java.net.URI;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Asks {@link StreamingServer} a question and prints the answer token by token, as the tokens
 * arrive. Run (with the server running): {@code mvn -q -pl examples -am package exec:java
 * -Dexample=dev.capnweb.examples.TokenStreamingClient} (optional argument: the server's ws:// URI).
 */
public final class TokenStreamingClient {
    private TokenStreamingClient() {
    }

    /** @param uri the server's WebSocket endpoint */
    public static void run(URI uri) throws Exception {
        try (RpcSession session = WebSocketRpc.connect(uri)) {
            Flow.Publisher<?> answer = (Flow.Publisher<?>) session.main().call("complete", "what is pipelining?").join();
            StringBuilder text = new StringBuilder();
            int[] tokens = {0};
            System.out.print("answer: ");
            Publishers.forEach(answer, token -> {
                System.out.print(token);
                System.out.flush();
                text.append(token);
                tokens[0]++;
            }).get(30, TimeUnit.SECONDS);
            System.out.println();
            System.out.println("received " + tokens[0] + " tokens as they were produced");
        }
    }

    /** @param args optional: the server's ws:// URI */
    public static void main(String[] args) throws Exception {
        run(URI.create(args.length > 0 ? args[0] : "ws://127.0.0.1:8081/streams"));
    }
}
