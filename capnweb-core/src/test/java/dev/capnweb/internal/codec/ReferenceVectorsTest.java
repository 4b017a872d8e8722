package dev.capnweb.internal.codec;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The golden vectors the real capnweb 0.12.0 produced ({@code interop/js/golden.mjs}, committed
 * as {@code golden/capnweb-0.12.0-vectors.json}; the interop tests check the file is what the
 * reference produces today). Every encoded value decodes and re-encodes to the same text; every
 * input the reference refuses is refused here, with the same error where the reference's text is
 * its own (JSON syntax errors are worded by each side's parser).
 */
class ReferenceVectorsTest {
    private static JsonNode fixture() throws IOException {
        try (InputStream in = ReferenceVectorsTest.class.getResourceAsStream("/golden/capnweb-0.12.0-vectors.json")) {
            assertThat(in).as("the golden vector fixture").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }

    @TestFactory
    List<DynamicTest> encodedValuesRoundTripExactly() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        JsonNode vectors = fixture().get("vectors");
        assertThat(vectors.size()).isGreaterThan(30);
        for (JsonNode v : vectors) {
            String wire = v.get("wire").asString();
            tests.add(DynamicTest.dynamicTest(v.get("name").asString(), () -> {
                Object value = WireReader.readExpression(wire, CodecLimits.DEFAULTS).value();
                assertThat(WireWriter.value(value, WriteContext.PLAIN)).isEqualTo(wire);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> inputsTheReferenceRefusesAreRefused() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : fixture().get("refusedToDeserialize")) {
            String wire = v.get("wire").asString();
            String referenceError = v.get("error").asString();
            tests.add(DynamicTest.dynamicTest(v.get("name").asString(), () -> {
                Throwable t = catchThrowable(() -> WireReader.readExpression(wire, CodecLimits.DEFAULTS));
                assertThat(t).isInstanceOf(WireFormatException.class);
                WireFormatException e = (WireFormatException) t;
                if (referenceError.startsWith("SyntaxError")) {
                    assertThat(e.jsName()).isEqualTo("SyntaxError");
                } else {
                    assertThat(e.jsName() + ": " + e.getMessage()).isEqualTo(referenceError);
                }
            }));
        }
        for (JsonNode v : fixture().get("acceptedBadLooking")) {
            String wire = v.get("wire").asString();
            tests.add(DynamicTest.dynamicTest("accepted: " + v.get("name").asString(),
                    () -> WireReader.readExpression(wire, CodecLimits.DEFAULTS)));
        }
        return tests;
    }
}
