package dev.capnweb.bench.micro;

import dev.capnweb.MemoryBudget;
import dev.capnweb.RpcSession;
import dev.capnweb.RpcTarget;
import dev.capnweb.SessionOptions;
import dev.capnweb.spi.InMemoryTransport;
import dev.capnweb.spi.RpcTransport;

/**
 * Heap held per unpulled push: a session receives {@code ["push",["pipeline",0,["square"],[2]]]}
 * N times and never a pull or release, as a peer hoarding entries does. Prints the heap used
 * after a full GC, before and after, divided by N. Run with a fixed heap and the serial GC for
 * a stable figure:
 * <pre>
 * java -Xmx2g -XX:+UseSerialGC -cp target/classes:$(cat target/runtime-classpath.txt) dev.capnweb.bench.micro.PushCost 200000
 * </pre>
 */
public final class PushCost {
    /** The peer's main object. */
    public static final class Api extends RpcTarget {
        /** @param i a number @return its square */
        public long square(long i) {
            return i * i;
        }
    }

    private PushCost() {
    }

    /** @param args the number of pushes, default 200,000 */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        InMemoryTransport[] pair = InMemoryTransport.pair();
        pair[0].start(new RpcTransport.Receiver() {
            @Override
            public void onMessage(String message) {
            }

            @Override
            public void onClosed(Throwable reason) {
                throw new IllegalStateException("the session ended: " + reason);
            }
        });
        // Limits raised so that the session keeps everything; the direct executor handles each push at once.
        RpcSession session = RpcSession.create(pair[1], new Api(), SessionOptions.builder().executor(Runnable::run)
                .maxExports(n + 1).maxRetainedBytes(Long.MAX_VALUE / 2).memoryBudget(MemoryBudget.ofBytes(Long.MAX_VALUE / 2))
                .build());
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            pair[0].send("[\"push\",[\"pipeline\",0,[\"square\"],[2]]]");
        }
        long after = usedAfterGc();
        System.out.printf("%d unpulled pushes, %s: %.0f bytes of heap each%n", n, session.stats(), (after - before) / (double) n);
        session.close();
    }

    private static long usedAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }
}
