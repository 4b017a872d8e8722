package dev.capnweb.http;

import dev.capnweb.RpcPromise;
import dev.capnweb.RpcTarget;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class BatchSmokeTest {
    public static final class Api extends RpcTarget {
        public long square(long i) { return i * i; }
    }

    @Test
    void smoke() throws Exception {
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(HttpBatchHandler.builder(i -> new Api()).path("/api").build());
        server.start();
        try (HttpBatchClient client = HttpBatchClient.create();
             HttpBatchSession batch = client.open(URI.create("http://127.0.0.1:" + c.getLocalPort() + "/api"))) {
            RpcPromise a = batch.main().call("square", 3);
            RpcPromise b = batch.main().call("square", a);
            CompletableFuture<Object> fa = a.toCompletableFuture();
            assertThat(b.join()).isEqualTo(81L);
            assertThat(fa.join()).isEqualTo(9L);
        } finally {
            server.stop();
        }
    }
}
