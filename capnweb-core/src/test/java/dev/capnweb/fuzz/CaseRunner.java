package dev.capnweb.fuzz;

import java.util.List;
import java.util.function.Supplier;

/**
 * Plays one case against a session over any raw link, then probes it: sends the case's
 * messages (answering the session's calls as a well-behaved peer would), then a call of
 * {@code square(7777)} and its pull. The session must either answer the probe or abort with an
 * error that names the problem, within {@link #TIMEOUT_MS}. When every message was valid and the
 * session survived, the peer then releases everything it holds, and the session must come back
 * to holding only its main object, which the caller's check decides.
 */
public final class CaseRunner {
    /** How long a case may take before the suite calls it a hang. */
    public static final long TIMEOUT_MS = 5_000;
    static final long PROBE_ARGUMENT = 7777;
    static final long PROBE_ANSWER = PROBE_ARGUMENT * PROBE_ARGUMENT;

    /** Outcomes a clean case can have. */
    public static final String ANSWERED = "answered";
    /** The session aborted with a named error. */
    public static final String ABORTED = "aborted";
    /** The peer's own abort message ended the session. */
    public static final String PEER_ABORTED = "peer-aborted";

    /** The raw connection to the session. */
    public interface Link {
        /** @return false if the link is closed and the message was not sent */
        boolean send(String message);

        /** @return the session's next message, or null if none came within {@code millis} */
        String poll(long millis) throws InterruptedException;

        /** @return whether the session closed the link */
        boolean closed();
    }

    /**
     * What became of a case.
     *
     * @param outcome one of {@link #ANSWERED}, {@link #ABORTED}, {@link #PEER_ABORTED}, or null
     * @param failure what went wrong, or null
     * @param abort   the session's abort message, if it sent one
     * @param unansweredPulls how many of the peer's pulls were still unanswered at the end
     */
    public record Result(String outcome, String failure, String abort, int unansweredPulls) {
        /** @return this result, failed with {@code problem} */
        public Result failedWith(String problem) {
            return new Result(null, problem, abort, unansweredPulls);
        }
    }

    /** A check the session must pass once the peer released everything. */
    public interface Settled {
        /** @return null once the session holds what the protocol says, else what it holds */
        String unsettled();
    }

    /** A replayed case ({@code -Dcapnweb.fuzz.case}) prints its whole transcript. */
    private static final boolean TRACE = FuzzSeed.onlyCase() >= 0;

    private final Link link;
    private final WellBehavedPeer book = new WellBehavedPeer();
    private String ended;
    private String abort;

    private CaseRunner(Link link) {
        this.link = link;
    }

    /**
     * @param c       the case
     * @param link    the link to a fresh session
     * @param settled for valid cases, the check after everything was released
     * @return the outcome, or the failure
     */
    public static Result run(FuzzCase c, Link link, Settled settled) throws InterruptedException {
        return new CaseRunner(link).play(c, settled);
    }

    private Result play(FuzzCase c, Settled settled) throws InterruptedException {
        boolean peerAbort = c.messages().stream().anyMatch(m -> m.contains("\"abort\""));
        for (String m : c.messages()) {
            if (ended != null || !send(m)) {
                break;
            }
            String problem = pump(0);
            if (problem != null) {
                return failed(problem);
            }
        }
        if (ended == null && !link.closed()) {
            int probe = book.nextImportId();
            send("[\"push\",[\"pipeline\",0,[\"square\"],[" + PROBE_ARGUMENT + "]]]");
            send("[\"pull\"," + probe + "]");
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (ended == null && !link.closed() && System.currentTimeMillis() < deadline) {
                String m = link.poll(20);
                if (m != null && Verdicts.answersProbe(m, probe, PROBE_ANSWER)) {
                    ended = ANSWERED;
                } else if (m != null) {
                    String problem = handle(m);
                    if (problem != null) {
                        return failed(problem);
                    }
                }
            }
        }
        if (ended == null) {
            String problem = pump(0);
            if (problem != null) {
                return failed(problem);
            }
        }
        if (ended == null) {
            if (link.closed() && peerAbort) {
                return new Result(PEER_ABORTED, null, abort, book.unansweredPulls());
            }
            return failed(link.closed() ? "the session closed the link without an abort message"
                    : "hang: neither the probe's answer nor an abort within " + TIMEOUT_MS + " ms");
        }
        if (ended.equals(ANSWERED) && c.valid()) {
            return settle(settled);
        }
        return new Result(ended, null, abort, book.unansweredPulls());
    }

    private Result settle(Settled settled) throws InterruptedException {
        for (String release : book.releaseAll()) {
            send(release);
        }
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String state = settled.unsettled();
        while (state != null && System.currentTimeMillis() < deadline) {
            String m = link.poll(state == null ? 0 : 2);
            if (m != null) {
                String problem = handle(m);
                if (problem != null) {
                    return failed(problem);
                }
                for (String release : book.releaseAll()) {
                    send(release);
                }
            }
            state = settled.unsettled();
        }
        return state == null ? new Result(ANSWERED, null, abort, book.unansweredPulls())
                : failed("tables after the peer released everything: " + state);
    }

    private Result failed(String failure) {
        return new Result(null, failure, abort, book.unansweredPulls());
    }

    private boolean send(String m) {
        if (TRACE) {
            System.out.println("[capnweb fuzz] peer> " + m);
        }
        if (!link.send(m)) {
            return false;
        }
        book.sent(m);
        return true;
    }

    /** Handles what the session sent so far, waiting up to {@code millis} for the first. */
    private String pump(long millis) throws InterruptedException {
        String m = link.poll(millis);
        while (m != null && ended == null) {
            String problem = handle(m);
            if (problem != null) {
                return problem;
            }
            m = link.poll(0);
        }
        return null;
    }

    private String handle(String m) {
        if (TRACE) {
            System.out.println("[capnweb fuzz] session> " + m);
        }
        String problem = Verdicts.problem(m);
        if (problem != null) {
            return problem;
        }
        if (Verdicts.isAbort(m)) {
            ended = ABORTED;
            abort = m;
            return null;
        }
        List<String> replies = book.received(m);
        for (String r : replies) {
            send(r);
        }
        return null;
    }

    /** @return a {@link Settled} check from a supplier of the session's state and the expected one */
    public static <T> Settled expecting(Supplier<T> state, T expected) {
        return () -> {
            T now = state.get();
            return expected.equals(now) ? null : "expected " + expected + ", found " + now;
        };
    }
}
