package dev.capnweb.fuzz;

import java.util.List;
import java.util.function.Predicate;

/**
 * Cases the suite leaves out because they hit a bug whose fix belongs to code being changed
 * elsewhere now. Each entry names the bug and says which messages reproduce it; delete the entry
 * once the fix lands, and the suite covers those cases again. Excluded cases are counted and
 * printed with the run's statistics, so the list cannot hide anything silently.
 */
public final class KnownIssues {
    /**
     * One excluded bug.
     *
     * @param name        a short name, printed with the count of cases it left out
     * @param description what goes wrong and where the fix belongs
     * @param matches     whether a message of a case reproduces it
     */
    public record Issue(String name, String description, Predicate<String> matches) {
    }

    /** The exclusions in force. */
    public static final List<Issue> ALL = List.of();

    private KnownIssues() {
    }

    /** @return the first issue one of the case's messages reproduces, or null */
    public static Issue excluding(FuzzCase c) {
        for (Issue issue : ALL) {
            for (String m : c.messages()) {
                if (issue.matches().test(m)) {
                    return issue;
                }
            }
        }
        return null;
    }
}
