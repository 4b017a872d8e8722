package dev.capnweb.fuzz;

import java.util.List;
import java.util.function.Predicate;

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
     * @param matches     given a failed case's result (its failure, the session's abort message,
     *                    the pulls left unanswered), whether the failure is this bug's
     */
    public record Issue(String name, String description, Predicate<CaseRunner.Result> matches) {
    }

    /** How a suite's failure report starts when a session that ended still held targets. */
    public static final String LEAK = "after the session ended:";

    /** The exclusions in force. */
    public static final List<Issue> ALL = List.of();

    private KnownIssues() {
    }

    /**
     * @param failed a failed case's result
     * @return the known issue that explains the failure, or null
     */
    public static Issue explaining(CaseRunner.Result failed) {
        for (Issue issue : ALL) {
            if (issue.matches().test(failed)) {
                return issue;
            }
        }
        return null;
    }
}
