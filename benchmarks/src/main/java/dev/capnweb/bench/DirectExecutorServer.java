package dev.capnweb.bench;

import dev.capnweb.RpcTarget;
import dev.capnweb.SessionOptions;
import dev.capnweb.ws.CapnWebServer;

/**
 * {@code CapnWebServer} as the test server runs it (127.0.0.1, path {@code /}, a fresh target
 * per session), but with sessions that run on a direct executor ({@code Runnable::run}): a batch
 * is served on the Jetty thread that read it, with no handoff. That is safe only for methods that
 * never block, which {@code square} is; it measures what the default handoff costs. Prints
 * {@code LISTENING <port>}.
 */
public final class DirectExecutorServer {
    private DirectExecutorServer() {
    }

    /** The one method the load calls, as the test API declares it. */
    public static final class Squares extends RpcTarget {
        /** @param i a number @return its square */
        public long square(long i) {
            return i * i;
        }
    }

    /** @param args optional: the port */
    public static void main(String[] args) throws InterruptedException {
        CapnWebServer server = CapnWebServer.builder()
                .bind("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0)
                .path("/", connection -> new Squares())
                .options(SessionOptions.builder().executor(Runnable::run).build())
                .start();
        System.out.println("LISTENING " + server.port());
        System.out.flush();
        server.join();
    }
}
