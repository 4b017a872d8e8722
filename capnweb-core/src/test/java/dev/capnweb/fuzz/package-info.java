/**
 * The robustness suite's shared parts: a seeded generator of valid Cap'n Web message sequences
 * ({@link dev.capnweb.fuzz.ScenarioGenerator}, {@link dev.capnweb.fuzz.ValueGenerator}), the
 * mutations that break them ({@link dev.capnweb.fuzz.Mutator}), the peer's bookkeeping and the
 * case runner that judges each outcome ({@link dev.capnweb.fuzz.WellBehavedPeer},
 * {@link dev.capnweb.fuzz.CaseRunner}, {@link dev.capnweb.fuzz.Verdicts}), the main object the
 * sessions serve ({@link dev.capnweb.fuzz.FuzzTarget}) and the exclusions for bugs whose fix is
 * pending ({@link dev.capnweb.fuzz.KnownIssues}). capnweb-core's {@code InMemoryFuzzTest} and
 * capnweb-transport-ws's {@code ServerFuzzTest} use them; other modules get them from
 * capnweb-core's test-jar.
 *
 * <p>Every run uses the fixed seed {@link dev.capnweb.fuzz.FuzzSeed#DEFAULT} unless
 * {@code -Dcapnweb.fuzz.seed=N} is given; {@code -Dcapnweb.fuzz.case=I} replays one case and
 * {@code -Dcapnweb.fuzz.scale=X} multiplies the number of cases (for longer local runs). A
 * failure report names the seed, the case's index, its kind (the mutations applied) and its
 * messages.
 */
package dev.capnweb.fuzz;
