package dev.capnweb.fuzz;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * Failures the suite does not count because they come from a bug whose fix belongs to code being
 * changed elsewhere now. Each entry names the bug and says how to tell its failures apart (by the
 * session's abort and the failure seen), so only those are forgiven and the case still runs for
 * everything else; delete the entry once the fix lands. Forgiven cases are counted and printed
 * with the run's statistics, so the list cannot hide anything silently.
 */
public final class KnownIssues {
    /**
     * One excluded bug.
     *
     * @param name        a short name, printed with the count of cases it left out
     * @param description what goes wrong, how to reproduce it, and where the fix belongs
     * @param matches     given the session's abort message (or null) and the failure seen, whether
     *                    the failure is this bug's
     */
    public record Issue(String name, String description, BiPredicate<String, String> matches) {
    }

    /** How a suite's failure report starts when a session that ended still held targets. */
    public static final String LEAK = "after the session ended:";

    /**
     * A push, stream or pipe past {@code maxExports} starts its call before the table check
     * refuses it, and the refused entry's hook is dropped without being disposed, so what the
     * call returns (a target) is never closed. SessionCore.handle evaluates the expression, then
     * addPeerPush throws "export table is full". Reproduce with maxExports(2):
     * {@code ["push",["pipeline",0,["makeCounter"],[1]]]} twice; the second counter's close()
     * never runs. Fix (SessionCore): check the capacity before evaluating, or dispose the hook
     * when addPeerPush refuses it.
     */
    public static final Issue PUSH_PAST_EXPORT_CAP_LEAKS = new Issue("push-past-export-cap-leaks-result",
            "a push refused by maxExports still ran its call and never released the result (SessionCore.addPeerPush)",
            (abort, failure) -> abort != null && abort.contains("export table is full")
                    && failure.startsWith(LEAK));


    /** The exclusions in force. */
    public static final List<Issue> ALL = List.of(PUSH_PAST_EXPORT_CAP_LEAKS);

    private KnownIssues() {
    }

    /**
     * @param abort   the session's abort message, or null
     * @param failure the failure seen
     * @return the known issue that explains the failure, or null
     */
    public static Issue explaining(String abort, String failure) {
        for (Issue issue : ALL) {
            if (issue.matches().test(abort, failure)) {
                return issue;
            }
        }
        return null;
    }
}
