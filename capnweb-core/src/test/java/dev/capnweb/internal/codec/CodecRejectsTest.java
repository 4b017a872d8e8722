package dev.capnweb.internal.codec;

import dev.capnweb.RpcException;
import dev.capnweb.Undefined;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input the reference refuses is refused with the reference's error name and text; limits are exact. */
class CodecRejectsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[\"hello\",1]|Error|bad RPC message: [\"hello\",1]",
            "{\"push\":1}|Error|bad RPC message: {\"push\":1}",
            "[\"push\"]|Error|bad RPC message: [\"push\"]",
            "[\"pull\",\"x\"]|Error|bad RPC message: [\"pull\",\"x\"]",
            "[\"release\",1]|Error|bad RPC message: [\"release\",1]",
            "[]|Error|bad RPC message: []",
            "[\"push\",[\"pipeline\",0,[\"square\"],[[\"foo\",1]]]]|TypeError|unknown special value: [\"foo\",1]",
            "[\"push\",[\"pipeline\",0,[\"returnNumber\"],[[1,2]]]]|TypeError|unknown special value: [1,2]",
            "[\"push\",[[[1]]]]|TypeError|unknown special value: [1]",
            "[\"push\",[]]|TypeError|unknown special value: []",
            "[\"push\",[\"unknown_type\",\"param\"]]|TypeError|unknown special value: [\"unknown_type\",\"param\"]",
            "[\"push\",[\"date\"]]|TypeError|unknown special value: [\"date\"]",
            "[\"push\",[\"error\"]]|TypeError|unknown special value: [\"error\"]",
            "[\"push\",[\"undefined\",1]]|TypeError|unknown special value: [\"undefined\",1]",
            "[\"push\",[\"error\",\"E\",\"m\",null,\"props\"]]|TypeError|unknown special value: [\"error\",\"E\",\"m\",null,\"props\"]",
            "[\"push\",[\"error\",\"E\",\"m\",null,[1]]]|TypeError|unknown special value: [\"error\",\"E\",\"m\",null,[1]]",
            "[\"push\",[\"blob\"]]|TypeError|unknown special value: [\"blob\"]",
            "[\"push\",[\"blob\",123,[\"readable\",1]]]|TypeError|unknown special value: [\"blob\",123,[\"readable\",1]]",
            "[\"push\",[\"blob\",\"t\",[\"readable\",1],4]]|TypeError|unknown special value: [\"blob\",\"t\",[\"readable\",1],4]",
            "[\"push\",[\"pipeline\",0,[{\"a\":1}]]]|TypeError|unknown special value: [\"pipeline\",0,[{\"a\":1}]]",
            "[\"push\",[\"remap\",0,[],[[\"foo\",1]],[]]]|TypeError|unknown map capture: [\"foo\",1]",
            "[\"push\",[\"bytes\",\"AQID\",\"Int16Array\"]]|TypeError|Invalid byte length 3 for Int16Array; expected a multiple of 2",
            "[\"push\",[\"bytes\",\"AQID\",\"Weird\"]]|TypeError|Unknown bytes type marker: Weird",
            "[\"push\",[\"bytes\",\"AQID\",5]]|TypeError|Unknown bytes type marker type: number",
            "[\"push\",[\"url\",\"not a url\"]]|TypeError|Invalid URL",
            "[\"push\",[\"request\",\"http://x/\",{\"headers\":\"h\"}]]|TypeError|Request headers must be serialized as an array of pairs.",
            "[\"push\",[\"bigint\",\"12a\"]]|SyntaxError|Cannot convert 12a to a BigInt",
            // Uint8Array.fromBase64, as the reference decodes where Node's Buffer is absent (V8's texts).
            "[\"push\",[\"bytes\",\"!!!\"]]|SyntaxError|Found a character that cannot be part of a valid base64 string.",
            "[\"push\",[\"bytes\",\"AQ-_\"]]|SyntaxError|Found a character that cannot be part of a valid base64 string.",
            "[\"push\",[\"bytes\",\"AQ=\"]]|SyntaxError|Found a character that cannot be part of a valid base64 string.",
            "[\"push\",[\"bytes\",\"AQ==A\"]]|SyntaxError|Found a character that cannot be part of a valid base64 string.",
            "[\"push\",[\"bytes\",\"AQID=\"]]|SyntaxError|Found a character that cannot be part of a valid base64 string.",
            "[\"push\",[\"bytes\",\"A\"]]|SyntaxError|The base64 input terminates with a single character, excluding padding (=).",
            "[\"push\",[\"bytes\",\"AQIDA=\"]]|SyntaxError|The base64 input terminates with a single character, excluding padding (=).",
            "[\"push\",[\"request\",\"not a url\",{}]]|TypeError|Failed to parse URL from not a url"})
    void refusedWithTheReferenceWording(String input, String name, String message) {
        assertThatThrownBy(() -> WireReader.readMessage(input, CodecLimits.DEFAULTS))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.jsName()).isEqualTo(name);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void syntaxErrorsAreSyntaxErrors() {
        for (String bad : new String[] {"{\"unclosed\": ", "[1,", "", "[1] 2", "nul"}) {
            assertThatThrownBy(() -> WireReader.readMessage(bad, CodecLimits.DEFAULTS))
                    .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.jsName()).isEqualTo("SyntaxError"));
        }
    }

    @Test
    void bigintLimitCountsTheSign() {
        assertThat(WireReader.readExpression("[\"bigint\",\"" + "9".repeat(16384) + "\"]", CodecLimits.DEFAULTS).value())
                .isNotNull();
        for (String digits : new String[] {"9".repeat(16385), "-" + "9".repeat(16384)}) {
            assertThatThrownBy(() -> WireReader.readExpression("[\"bigint\",\"" + digits + "\"]", CodecLimits.DEFAULTS))
                    .hasMessage("Deserialized bigint exceeds maximum length of 16384 digits.");
        }
        CodecLimits four = new CodecLimits(1 << 20, 256, 4);
        assertThat(WireReader.readExpression("[\"bigint\",\"1234\"]", four).value()).isNotNull();
        assertThat(WireReader.readExpression("[\"bigint\",\"-123\"]", four).value()).isNotNull();
        assertThatThrownBy(() -> WireReader.readExpression("[\"bigint\",\"-1234\"]", four))
                .hasMessage("Deserialized bigint exceeds maximum length of 4 digits.");
    }

    static String nested(int layers) {
        return "[[".repeat(layers) + "1" + "]]".repeat(layers);
    }

    @Test
    void depthLimitIsExact() {
        assertThat(WireReader.readExpression(nested(255), CodecLimits.DEFAULTS).value()).isNotNull();
        assertThatThrownBy(() -> WireReader.readExpression(nested(256), CodecLimits.DEFAULTS))
                .hasMessage("Deserialization exceeded maximum allowed message depth of 256.");
        CodecLimits four = new CodecLimits(1 << 20, 4, 16384);
        assertThat(WireReader.readExpression(nested(3), four).value()).isNotNull();
        assertThatThrownBy(() -> WireReader.readExpression(nested(4), four))
                .hasMessage("Deserialization exceeded maximum allowed message depth of 4.");
        assertThatThrownBy(() -> WireReader.readExpression("{\"a\":".repeat(300) + "1" + "}".repeat(300),
                CodecLimits.DEFAULTS)).hasMessage("Deserialization exceeded maximum allowed message depth of 256.");
        assertThatThrownBy(() -> WireReader.readExpression("[".repeat(100_000) + "]".repeat(100_000), CodecLimits.DEFAULTS))
                .hasMessage("Deserialization exceeded maximum allowed message depth of 256.");
    }

    @Test
    void callArgumentsDoNotResetTheDepth() {
        CodecLimits eight = new CodecLimits(1 << 20, 8, 16384);
        String call = "1";
        for (int i = 0; i < 8; i++) {
            call = "[\"pipeline\",0,[\"f\"],[" + call + "]]";
        }
        String message = "[\"push\"," + call + "]";
        assertThatThrownBy(() -> WireReader.readMessage(message, eight))
                .hasMessage("Deserialization exceeded maximum allowed message depth of 8.");
        String deep = "1";
        for (int i = 0; i < 64; i++) {
            deep = "[\"pipeline\",0,[\"f\"],[" + deep + "]]";
        }
        assertThat(WireReader.readMessage("[\"push\"," + deep + "]", CodecLimits.DEFAULTS)).isNotNull();
    }

    @Test
    void sizeLimitIsCheckedInUtf16UnitsBeforeParsing() {
        CodecLimits small = new CodecLimits(64, 256, 16384);
        String big = "[\"push\",\"" + "x".repeat(200) + "\"]";
        assertThatThrownBy(() -> WireReader.readMessage(big, small))
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.jsName()).isEqualTo("TypeError"))
                .hasMessage("Incoming message exceeds maximum size of 64 UTF-16 code units.");
        assertThatThrownBy(() -> WireReader.readMessage("{" + "x".repeat(100), small))
                .hasMessage("Incoming message exceeds maximum size of 64 UTF-16 code units.");
        assertThat(WireReader.readMessage("[\"pull\",1]", small)).isEqualTo(new WireMessage.Pull(1));
    }

    @Test
    void abortWithoutAnExpressionIsUndefined() {
        WireMessage.Abort abort = (WireMessage.Abort) WireReader.readMessage("[\"abort\"]", CodecLimits.DEFAULTS);
        assertThat(abort.expr().value()).isEqualTo(Undefined.INSTANCE);
        assertThat(WireReader.readMessage("[\"pull\",3,\"extra\"]", CodecLimits.DEFAULTS)).isEqualTo(new WireMessage.Pull(3));
    }

    @Test
    void writerRefusesWhatCannotTravel() {
        assertThatThrownBy(() -> WireWriter.value(new Object(), WriteContext.PLAIN))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.name()).isEqualTo("TypeError"))
                .hasMessageStartingWith("Cannot serialize value: java.lang.Object@");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> WireWriter.value(cycle, WriteContext.PLAIN))
                .hasMessage("Serialization exceeded maximum allowed depth. (Does the message contain cycles?)");
        assertThatThrownBy(() -> WireWriter.value(Map.of(1, 2), WriteContext.PLAIN))
                .hasMessageStartingWith("Cannot serialize value: ");
    }

    record Point(int x, int y, Object tag) {
    }

    @Test
    void writerPrintsRecordsMapsAndNestedArrays() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("u", Undefined.INSTANCE);
        m.put("p", new Point(1, 2, null));
        assertThat(WireWriter.value(m, WriteContext.PLAIN)).isEqualTo("{\"u\":[\"undefined\"],\"p\":{\"x\":1,\"y\":2,\"tag\":null}}");
        assertThat(WireWriter.value(List.of(List.of(1)), WriteContext.PLAIN)).isEqualTo("[[[[1]]]]");
        assertThat(WireWriter.value(new int[] {1, 2}, WriteContext.PLAIN)).isEqualTo("[[1,2]]");
    }

    @Test
    void writerHandsCapabilitiesToTheContextAndAppliesTheErrorHook() {
        Object capability = new Object();
        WriteContext ctx = new WriteContext() {
            @Override
            public WireRef exportCapability(Object value) {
                return value == capability ? new WireRef.Export(-7) : null;
            }

            @Override
            public Throwable onSendError(Throwable error) {
                return error.getMessage().equals("reveal") ? new RpcException("TypeError", "shown", "the stack", Map.of()) : null;
            }
        };
        assertThat(WireWriter.value(List.of(capability), ctx)).isEqualTo("[[[\"export\",-7]]]");
        assertThat(WireWriter.value(new IllegalStateException("hidden"), ctx)).isEqualTo("[\"error\",\"Error\",\"hidden\"]");
        assertThat(WireWriter.value(new IllegalStateException("reveal"), ctx))
                .isEqualTo("[\"error\",\"TypeError\",\"shown\",\"the stack\"]");
        assertThat(WireWriter.value(new IllegalArgumentException("x"), ctx)).isEqualTo("[\"error\",\"TypeError\",\"x\"]");
        assertThat(WireWriter.value(new ArithmeticException("x"), ctx)).isEqualTo("[\"error\",\"RangeError\",\"x\"]");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ok", 1);
        props.put("bad", new Object());
        assertThat(WireWriter.value(new RpcException("Error", "m", null, props), ctx))
                .isEqualTo("[\"error\",\"Error\",\"m\",null,{\"ok\":1}]");
    }
}
