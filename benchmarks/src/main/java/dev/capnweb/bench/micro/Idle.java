package dev.capnweb.bench.micro;

import dev.capnweb.RpcSession;
import dev.capnweb.SessionStats;

import java.util.concurrent.locks.LockSupport;

/**
 * The leak check the benchmarks run outside measurement: a quiet session whose application holds
 * nothing has only its main entries left, {@code SessionStats(1, 1)} (the reference's oracle).
 * Releases travel asynchronously, so the check waits a little for the last ones.
 */
final class Idle {
    static final SessionStats IDLE = new SessionStats(1, 1);
    private static final long WAIT_NANOS = 5_000_000_000L;

    private Idle() {
    }

    /**
     * @param who      the benchmark, for the message
     * @param sessions the sessions that must be idle
     * @throws IllegalStateException naming the tables' sizes if they do not get back to idle
     */
    static void check(String who, RpcSession... sessions) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!allIdle(sessions)) {
            if (System.nanoTime() > deadline) {
                StringBuilder sb = new StringBuilder(who).append(": session tables not back to idle ")
                        .append(IDLE).append(" after ").append(WAIT_NANOS / 1_000_000).append(" ms:");
                for (int i = 0; i < sessions.length; i++) {
                    sb.append(" session[").append(i).append("]=").append(sessions[i].stats());
                }
                throw new IllegalStateException(sb.toString());
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static boolean allIdle(RpcSession... sessions) {
        for (RpcSession s : sessions) {
            if (!s.stats().equals(IDLE)) {
                return false;
            }
        }
        return true;
    }
}
