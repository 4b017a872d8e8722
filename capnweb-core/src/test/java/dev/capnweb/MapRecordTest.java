package dev.capnweb;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code map()} recorded in Java (reference-behaviour.md §3.3): one {@code remap} message, the
 * same instructions the reference records, and clear errors for what a mapper may not do.
 */
class MapRecordTest {
    @Test
    void aMapIsOneRemapWithTheReferencesInstructions() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub api = h.api();
            RpcPromise fib = api.call("generateFibonacci", 6);
            RpcPromise squares = fib.map(x -> api.call("square", x));
            assertThat(squares.join()).isEqualTo(List.of(0L, 1L, 1L, 4L, 9L, 25L));
            assertThat(h.clientSide.sent).contains(
                    "[\"push\",[\"remap\",1,[],[[\"import\",0]],[[\"pipeline\",-1,[\"square\"],[[\"pipeline\",0]]],[\"pipeline\",1]]]]");
            assertThat(h.clientSide.sent).filteredOn(m -> m.startsWith("[\"push\"")).hasSize(2);
            squares.close();
            fib.close();
            h.assertNoLeaks();
        }
    }

    @Test
    void nestedMapsRecordAsTheReferenceDoes() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub api = h.api();
            RpcPromise nested = api.call("generateFibonacci", 4)
                    .map(i -> api.call("generateFibonacci", i).map(j -> api.call("square", j)));
            assertThat(nested.join()).isEqualTo(List.of(List.of(), List.of(0L), List.of(0L), List.of(0L, 1L)));
            assertThat(h.clientSide.sent).contains("[\"push\",[\"remap\",1,[],[[\"import\",0],[\"import\",0]],"
                    + "[[\"pipeline\",-1,[\"generateFibonacci\"],[[\"pipeline\",0]]],"
                    + "[\"remap\",1,[],[[\"import\",-2]],[[\"pipeline\",-1,[\"square\"],[[\"pipeline\",0]]],[\"pipeline\",1]]],"
                    + "[\"pipeline\",2]]]]");
        }
    }

    @Test
    void aMapperMayBuildObjectsAndUseProperties() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub api = h.api();
            RpcPromise counters = api.call("generateFibonacci", 3)
                    .map(i -> Map.of("v", api.call("makeCounter", i).call("increment", 10).get("value")));
            // increment returns a number, so "value" of it is undefined; the shape is what matters.
            assertThat(counters.join()).asList().hasSize(3);
            RpcPromise objects = api.call("generateFibonacci", 3).map(i -> Map.of("n", i, "sq", api.call("square", i)));
            assertThat(objects.join()).isEqualTo(List.of(Map.of("n", 0L, "sq", 0L), Map.of("n", 1L, "sq", 1L),
                    Map.of("n", 1L, "sq", 1L)));
        }
    }

    @Test
    void aCapturedStubOfOursIsExportedAndCalledBack() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub api = h.api();
            RpcStub local = RpcStub.of(new Counter(100));
            RpcPromise fib = api.call("generateFibonacci", 3);
            RpcPromise sums = fib.map(i -> local.call("increment", i));
            assertThat(sums.join()).isEqualTo(List.of(100L, 101L, 102L));
            assertThat(h.clientSide.sent.stream().filter(m -> m.contains("remap")).findFirst().orElseThrow())
                    .contains("[\"export\",-1]");
            local.close();
            sums.close();
            fib.close();
            h.assertNoLeaks();
        }
    }

    @Test
    void mapOverNullAndASingleValue() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub api = h.api();
            assertThat(api.call("returnNull").map(x -> api.call("square", x)).join()).isNull();
            assertThat(api.call("returnNumber", 7).map(x -> api.call("square", x)).join()).isEqualTo(49L);
        }
    }

    @Test
    void aLocalValueIsMappedHere() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub api = h.api();
            RpcPromise local = RpcPromise.of(CompletableFuture.completedFuture(List.of(2L, 3L)));
            assertThat(local.map(x -> api.call("square", x)).join()).isEqualTo(List.of(4L, 9L));
        }
    }

    @Test
    void whatAMapperMayNotDoFailsAtTheCallerWithAnExplanation() {
        try (Harness h = new Harness(new TestTarget())) {
            RpcStub api = h.api();
            RpcPromise fib = api.call("generateFibonacci", 3);
            assertThatThrownBy(() -> fib.map(x -> x.join()))
                    .isInstanceOf(RpcException.class).hasMessageStartingWith("Attempted to use an abstract placeholder");
            assertThatThrownBy(() -> fib.map(x -> CompletableFuture.completedFuture(1)))
                    .isInstanceOf(RpcException.class).hasMessageStartingWith("RPC map() callbacks cannot be async");
            assertThatThrownBy(() -> fib.map(x -> api.call("echo", new Counter(1))))
                    .isInstanceOf(RpcException.class).hasMessageStartingWith("Can't construct an RpcTarget");
            // Nothing was sent for them, and the session goes on.
            assertThat(h.clientSide.sent).noneMatch(m -> m.contains("remap"));
            assertThat(api.call("square", 3).join()).isEqualTo(9L);
        }
    }
}
