package dev.capnweb.bench.micro;

import dev.capnweb.internal.codec.CodecLimits;
import dev.capnweb.internal.codec.WireMessage;
import dev.capnweb.internal.codec.WireReader;
import dev.capnweb.internal.codec.WireRef;
import dev.capnweb.internal.codec.WireWriter;
import dev.capnweb.internal.codec.WriteContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The wire codec on its own: reading one message's text into a {@link WireMessage}
 * ({@link WireReader#readMessage}) and printing an application value into a message's text
 * ({@link WireWriter#pushCall}, {@link WireWriter#resolve}), with no session and no transport.
 *
 * <p>Every message a session sends or receives goes through exactly these two entry points, so
 * this is the per-message CPU cost the codec adds to every call. The four messages cover the shapes
 * that dominate real traffic:
 * <ul>
 *   <li><b>small call</b>: {@code ["push",["pipeline",0,["square"],[7]]]}, the typical RPC
 *       request (a method on the main object with a scalar argument);</li>
 *   <li><b>1 KiB resolve</b>: {@code ["resolve",1,{...}]} with a nested object of about 1 KiB
 *       (maps, escaped arrays, strings, integers, doubles, booleans, null, a date), a typical
 *       structured result;</li>
 *   <li><b>64 KiB bytes resolve</b>: {@code ["resolve",1,["bytes","<base64>"]]}, a binary
 *       payload (base64 encoding/decoding dominates);</li>
 *   <li><b>pipelined call with references</b>: a call on a pipelined result whose arguments are a
 *       stub ({@code ["import",3]}) and a property of another pending result
 *       ({@code ["pipeline",2,["value"]]}), the shape promise pipelining produces. The writer gets
 *       the capabilities through a {@link WriteContext}, as the session's writer does.</li>
 * </ul>
 * Reading uses {@link CodecLimits#DEFAULTS}. {@link #setup()} checks that what the writer prints
 * is exactly the text the reader benchmarks parse, and that the reader accepts it, so both
 * directions measure the same message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    static final String SMALL_CALL = "[\"push\",[\"pipeline\",0,[\"square\"],[7]]]";
    static final String PIPELINED_CALL =
            "[\"push\",[\"pipeline\",1,[\"incrementCounter\"],[[\"import\",3],[\"pipeline\",2,[\"value\"]]]]]";

    private static final CodecLimits LIMITS = CodecLimits.DEFAULTS;

    /** Stands for a stub or promise of the session: the write context turns it into its reference. */
    static final class FakeCapability {
        final WireRef ref;

        FakeCapability(WireRef ref) {
            this.ref = ref;
        }
    }

    /** Like the session's context: capabilities become references, nothing else is one. */
    static final WriteContext CAPABILITIES = new WriteContext() {
        @Override
        public WireRef exportCapability(Object value) {
            return value instanceof FakeCapability c ? c.ref : null;
        }

        @Override
        public Throwable onSendError(Throwable error) {
            return null;
        }
    };

    // Values written.
    List<Object> smallPath;
    List<Object> smallArgs;
    Map<String, Object> object1k;
    byte[] bytes64k;
    List<Object> pipelinedPath;
    List<Object> pipelinedArgs;

    // Texts read.
    String resolve1kText;
    String resolveBytesText;

    @Setup
    public void setup() {
        smallPath = List.of("square");
        smallArgs = List.of(7);

        object1k = object1k();
        bytes64k = new byte[64 * 1024];
        new Random(42).nextBytes(bytes64k);

        pipelinedPath = List.of("incrementCounter");
        pipelinedArgs = List.of(
                new FakeCapability(new WireRef.Import(false, 3, null, null)),
                new FakeCapability(new WireRef.Import(true, 2, List.<Object>of("value"), null)));

        resolve1kText = WireWriter.resolve(1, object1k, WriteContext.PLAIN);
        resolveBytesText = WireWriter.resolve(1, bytes64k, WriteContext.PLAIN);

        // Both directions must measure the same messages.
        check(writeSmallCall(), SMALL_CALL);
        check(writePipelinedRefCall(), PIPELINED_CALL);
        check(WireWriter.message(readSmallCall()), SMALL_CALL);
        check(WireWriter.message(readPipelinedRefCall()), PIPELINED_CALL);
        check(WireWriter.message(readResolve1k()), resolve1kText);
        check(WireWriter.message(readResolveBytes64k()), resolveBytesText);
        if (resolve1kText.length() < 900 || resolve1kText.length() > 1200) {
            throw new IllegalStateException("1 KiB message is " + resolve1kText.length() + " chars");
        }
        WireMessage.Resolve bytes = (WireMessage.Resolve) readResolveBytes64k();
        if (!java.util.Arrays.equals((byte[]) bytes.expr().value(), bytes64k)) {
            throw new IllegalStateException("bytes did not survive the round trip");
        }
    }

    private static void check(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("codec round trip differs:\n  expected " + abbreviate(expected)
                    + "\n  actual   " + abbreviate(actual));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }

    /** A nested object of about 1 KiB: what a typical structured result looks like. */
    static Map<String, Object> object1k() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", 1234567L);
        o.put("name", "Ada Lovelace");
        o.put("email", "ada@example.com");
        o.put("bio", "Mathematician and writer, known for her work on Charles Babbage's Analytical Engine.");
        o.put("active", true);
        o.put("score", 98.625);
        o.put("manager", null);
        o.put("created", java.time.Instant.ofEpochMilli(1_700_000_000_000L));
        o.put("tags", List.of("admin", "beta", "early-adopter", "mathematics"));
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("street", "12 St James's Square");
        address.put("city", "London");
        address.put("postcode", "SW1Y 4JH");
        address.put("geo", List.of(51.5074, -0.1348));
        o.put("address", address);
        List<Object> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("orderId", 900_000L + i);
            order.put("sku", "SKU-" + (4000 + i * 17));
            order.put("quantity", (long) (i + 1));
            order.put("price", 19.99 + i);
            order.put("shipped", i % 2 == 0);
            order.put("note", i == 0 ? "Leave at the door \"please\"" : "");
            orders.add(order);
        }
        o.put("orders", orders);
        Map<String, Object> prefs = new LinkedHashMap<>();
        prefs.put("theme", "dark");
        prefs.put("language", "en-GB");
        prefs.put("notifications", Map.of("email", true));
        o.put("preferences", prefs);
        return o;
    }

    // ---- reading: text -> WireMessage ----

    /** Reads the small call. */
    @Benchmark
    public WireMessage readSmallCall() {
        return WireReader.readMessage(SMALL_CALL, LIMITS);
    }

    /** Reads the resolve carrying a ~1 KiB object. */
    @Benchmark
    public WireMessage readResolve1k() {
        return WireReader.readMessage(resolve1kText, LIMITS);
    }

    /** Reads the resolve carrying 64 KiB of bytes (base64 decoding included). */
    @Benchmark
    public WireMessage readResolveBytes64k() {
        return WireReader.readMessage(resolveBytesText, LIMITS);
    }

    /** Reads the pipelined call whose arguments are references. */
    @Benchmark
    public WireMessage readPipelinedRefCall() {
        return WireReader.readMessage(PIPELINED_CALL, LIMITS);
    }

    // ---- writing: value -> text ----

    /** Prints the small call. */
    @Benchmark
    public String writeSmallCall() {
        return WireWriter.pushCall(0, smallPath, smallArgs, false, WriteContext.PLAIN);
    }

    /** Prints the resolve carrying a ~1 KiB object. */
    @Benchmark
    public String writeResolve1k() {
        return WireWriter.resolve(1, object1k, WriteContext.PLAIN);
    }

    /** Prints the resolve carrying 64 KiB of bytes (base64 encoding included). */
    @Benchmark
    public String writeResolveBytes64k() {
        return WireWriter.resolve(1, bytes64k, WriteContext.PLAIN);
    }

    /** Prints the pipelined call, the capabilities turned into references by the write context. */
    @Benchmark
    public String writePipelinedRefCall() {
        return WireWriter.pushCall(1, pipelinedPath, pipelinedArgs, false, CAPABILITIES);
    }
}
