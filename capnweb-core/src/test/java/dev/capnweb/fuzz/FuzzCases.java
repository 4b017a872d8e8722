package dev.capnweb.fuzz;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Makes the suite's cases: about a third valid sequences, the rest mutated ones. */
public final class FuzzCases {
    private FuzzCases() {
    }

    /**
     * @param seed    the run's seed
     * @param suite   the suite's name (keeps suites' cases apart)
     * @param index   the case's index
     * @param profile what the peer can answer
     * @return the case; the same arguments always give the same case
     */
    public static FuzzCase make(long seed, String suite, int index, PeerProfile profile) {
        SplittableRandom random = FuzzSeed.forCase(seed, suite, index);
        List<JsonNode> valid = new ScenarioGenerator(random, profile).sequence();
        if (random.nextInt(3) == 0) {
            return new FuzzCase(index, "valid", Mutator.toText(valid), true);
        }
        List<String> kind = new ArrayList<>();
        List<String> mutated = new Mutator(random).mutate(valid, kind);
        return new FuzzCase(index, String.join("+", kind), mutated, false);
    }
}
