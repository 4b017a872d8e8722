package dev.capnweb.fuzz;

import java.util.SplittableRandom;

/**
 * The suite's seed: a fixed default, so every CI run feeds the same cases, overridable with
 * {@code -Dcapnweb.fuzz.seed=N} to explore or to replay a failure. Each case gets its own
 * random stream derived from the seed and the case's index, so one case replays alone with
 * {@code -Dcapnweb.fuzz.case=I}.
 */
public final class FuzzSeed {
    /** The seed CI uses. */
    public static final long DEFAULT = 20261206L;

    private FuzzSeed() {
    }

    /** @return the seed for this run */
    public static long seed() {
        String s = System.getProperty("capnweb.fuzz.seed");
        return s == null || s.isBlank() ? DEFAULT : Long.parseLong(s.trim());
    }

    /** @return the one case index to run alone, or -1 to run them all */
    public static int onlyCase() {
        String s = System.getProperty("capnweb.fuzz.case");
        return s == null || s.isBlank() ? -1 : Integer.parseInt(s.trim());
    }

    /**
     * @param defaultCount the number of cases a suite runs by default
     * @return that count scaled by {@code -Dcapnweb.fuzz.scale} (default 1.0)
     */
    public static int cases(int defaultCount) {
        String s = System.getProperty("capnweb.fuzz.scale");
        double scale = s == null || s.isBlank() ? 1.0 : Double.parseDouble(s.trim());
        return Math.max(1, (int) Math.round(defaultCount * scale));
    }

    /**
     * @param seed  the run's seed
     * @param suite a name that keeps different suites' cases apart
     * @param index the case's index
     * @return the case's own random stream
     */
    public static SplittableRandom forCase(long seed, String suite, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + suite.hashCode() * 31L + index);
    }

    /**
     * @param suite the suite's name
     * @param seed  the run's seed
     * @return the line a suite prints when it starts
     */
    public static String banner(String suite, long seed) {
        return "[capnweb fuzz] " + suite + " seed=" + seed + " (replay: -Dcapnweb.fuzz.seed=" + seed
                + " [-Dcapnweb.fuzz.case=I])";
    }
}
