package dev.capnweb.testsupport;

import dev.capnweb.MemoryBudget;
import dev.capnweb.RpcSession;
import dev.capnweb.SessionOptions;
import dev.capnweb.spi.InMemoryTransport;
import dev.capnweb.spi.RpcTransport;

import java.util.concurrent.atomic.AtomicInteger;

/** A session that holds a shared memory budget until it is used up, with pushes nobody pulls. */
public final class BudgetHog {
    private BudgetHog() {
    }

    /**
     * @param options options naming the budget; the hog's session shares it
     * @return the session holding the budget; close it to give everything back
     */
    public static RpcSession exhaust(SessionOptions options) {
        MemoryBudget budget = options.memoryBudget();
        InMemoryTransport[] pair = InMemoryTransport.pair();
        // The direct executor handles each push before send returns, so the loop stops in time.
        RpcSession hog = RpcSession.create(pair[0], new CountingTarget(new AtomicInteger()),
                options.toBuilder().executor(Runnable::run).build());
        pair[1].start(new RpcTransport.Receiver() {
            @Override
            public void onMessage(String message) {
            }

            @Override
            public void onClosed(Throwable reason) {
            }
        });
        while (!budget.isExhausted()) {
            pair[1].send("[\"push\",[\"pipeline\",0,[\"square\"],[2]]]");
        }
        if (hog.brokenReason().isPresent()) {
            throw new AssertionError("the hog's session ended: " + hog.brokenReason().get());
        }
        return hog;
    }
}
