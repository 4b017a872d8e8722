package dev.capnweb.interop;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden vectors capnweb-core's codec tests use ({@code ReferenceVectorsTest}) are exactly what
 * the real capnweb 0.12.0 produces: the generator runs again and must print the committed file.
 */
class GoldenVectorsTest {
    @Test
    void theCommittedVectorsAreWhatTheReferenceProducesToday() throws Exception {
        Path committed = Processes.DIR.resolve("../capnweb-core/src/test/resources/golden/capnweb-0.12.0-vectors.json");
        Processes.Result result = Processes.run(List.of("node", "js/golden.mjs"));
        assertThat(result.exitCode()).isZero();
        assertThat(String.join("\n", result.lines()) + "\n").isEqualTo(Files.readString(committed, StandardCharsets.UTF_8));
    }
}
