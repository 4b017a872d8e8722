package dev.capnweb.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a suite run did: cases by outcome, failures forgiven by known issues, failures, time taken. */
public final class FuzzStats {
    /** Failures past this many are counted but not described. */
    public static final int MAX_REPORTED = 10;

    private final String suite;
    private final long seed;
    private final long started = System.nanoTime();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Map<String, Integer> excluded = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int failed;
    private int cases;

    /**
     * @param suite the suite's name
     * @param seed  the run's seed
     */
    public FuzzStats(String suite, long seed) {
        this.suite = suite;
        this.seed = seed;
        System.out.println(FuzzSeed.banner(suite, seed));
    }

    /** Counts a case that ended as {@code outcome} (answered, aborted, ...). */
    public void outcome(String outcome) {
        cases++;
        outcomes.merge(outcome, 1, Integer::sum);
    }

    /** Counts a case whose failure a known issue explains. */
    public void excluded(KnownIssues.Issue issue) {
        cases++;
        excluded.merge(issue.name(), 1, Integer::sum);
    }

    /** Records a failed case. */
    public void failure(FuzzCase c, String problem) {
        cases++;
        failed++;
        if (failures.size() < MAX_REPORTED) {
            failures.add(problem + "\n  " + c.describe());
        }
    }

    /** @return whether so many cases failed that running more would only cost time */
    public boolean tooManyFailures() {
        return failed >= MAX_REPORTED;
    }

    /** @return the number of cases run */
    public int cases() {
        return cases;
    }

    /** @return the number of cases whose failures known issues explain */
    public int excludedCount() {
        return excluded.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return the failure reports, empty when every case was clean */
    public List<String> failures() {
        return failures;
    }

    /** @return the run's summary line */
    public String summary() {
        long ms = (System.nanoTime() - started) / 1_000_000;
        return "[capnweb fuzz] " + suite + " seed=" + seed + ": " + cases + " cases in " + ms + " ms, outcomes "
                + outcomes + ", forgiven by known issues " + excluded + ", failed " + failed;
    }

    /** @return the message an assertion shows when cases failed: the seed, the summary, the failures */
    public String failureReport() {
        return summary() + "\nreplay with -Dcapnweb.fuzz.seed=" + seed + " -Dcapnweb.fuzz.case=<index>\n"
                + String.join("\n", failures);
    }
}
