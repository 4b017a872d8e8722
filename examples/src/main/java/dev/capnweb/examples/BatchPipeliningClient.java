package dev.capnweb.examples;

import dev.capnweb.RpcPromise;
import dev.capnweb.RpcStub;
import dev.capnweb.http.HttpBatchClient;
import dev.capnweb.http.HttpBatchSession;
import org.eclipse.jetty.client.HttpClient;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Three dependent calls in one HTTP request: authenticate, then the user's friend IDs, then a
 * profile for each of the first two friends, each call naming results that do not exist yet.
 * Counts the HTTP requests it really made.
 * Run (with the server running): {@code mvn -q -pl examples -am package exec:java
 * -Dexample=dev.capnweb.examples.BatchPipeliningClient} (optional argument: the server's http:// URI).
 */
public final class BatchPipeliningClient {
    private BatchPipeliningClient() {
    }

    /** @param uri the server's batch endpoint */
    public static void run(URI uri) throws Exception {
        HttpClient http = new HttpClient();
        AtomicInteger requests = new AtomicInteger();
        http.getRequestListeners().addBeginListener(request -> requests.incrementAndGet());
        http.start();
        try (HttpBatchClient client = HttpBatchClient.builder().httpClient(http).build();
             HttpBatchSession batch = client.open(uri)) {
            RpcStub api = batch.main();
            RpcPromise user = api.call("authenticate", "alice-token");
            RpcPromise friendIds = user.call("getFriendIds");
            RpcPromise first = api.call("getUserProfile", friendIds.get(0));
            RpcPromise second = api.call("getUserProfile", friendIds.get(1));

            // Ask for the results we want back; the promises above only feed other calls.
            CompletableFuture<Object> name = user.call("name").toCompletableFuture();
            CompletableFuture<Object> ids = friendIds.toCompletableFuture();
            CompletableFuture<Object> profiles = first.toCompletableFuture().thenCombine(second, (a, b) -> a + " and " + b);

            batch.send().join();
            System.out.println(name.join() + "'s friends " + ids.join() + ": " + profiles.join());
        } finally {
            http.stop();
        }
        System.out.println("HTTP requests made: " + requests.get());
    }

    /** @param args optional: the server's http:// URI */
    public static void main(String[] args) throws Exception {
        run(URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080/api"));
    }
}
