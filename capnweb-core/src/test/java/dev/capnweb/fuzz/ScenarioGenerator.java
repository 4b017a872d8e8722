package dev.capnweb.fuzz;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.capnweb.fuzz.ValueGenerator.NODES;
import static dev.capnweb.fuzz.ValueGenerator.tag;

/**
 * Valid message sequences against a {@link FuzzTarget} main: calls with every kind of value,
 * calls on returned capabilities, pipelining, callbacks, streams both ways (pipe, stream
 * writes), remap, promises the peer exports and later resolves or rejects, pulls, releases and,
 * sometimes, an abort from the peer. It keeps the peer's side of the tables as the protocol does
 * (implicit IDs counted over push, stream and pipe), so every ID it uses is valid.
 */
public final class ScenarioGenerator {
    private enum Held { VALUE, COUNTER, LIST }

    private final SplittableRandom random;
    private final ValueGenerator values;
    private final PeerProfile profile;
    private final List<JsonNode> out = new ArrayList<>();
    /** The server's exports the peer may still use, by ID, with what each holds. */
    private final Map<Integer, Held> live = new LinkedHashMap<>();
    private final List<Integer> unresolvedPromises = new ArrayList<>();
    private int nextImport = 1;
    private int nextExport = -1;

    /**
     * @param random  the case's random stream
     * @param profile what the peer can answer
     */
    public ScenarioGenerator(SplittableRandom random, PeerProfile profile) {
        this.random = random;
        this.values = new ValueGenerator(random);
        this.profile = profile;
    }

    /** @return a valid sequence of one to a dozen steps (each one or a few messages) */
    public List<JsonNode> sequence() {
        int steps = 1 + random.nextInt(random.nextInt(4) == 0 ? 12 : 4);
        for (int i = 0; i < steps; i++) {
            step();
        }
        // Promises the peer exported are settled, so the calls that wait on them finish.
        for (int id : unresolvedPromises) {
            out.add(settle(id));
        }
        unresolvedPromises.clear();
        if (random.nextInt(25) == 0) {
            out.add(msg("abort").add(tag("error").add("Error").add("the fuzzing peer is leaving")));
        }
        return out;
    }

    private void step() {
        switch (random.nextInt(20)) {
            case 0, 1, 2 -> call(0, "echo", values.value());
            case 3 -> call(0, "square", values.smallInt());
            case 4 -> call(0, "add", values.number(), values.number());
            case 5 -> call(0, "concat", NODES.stringNode(values.string()), NODES.stringNode(values.string()));
            case 6 -> live.put(call(0, "makeCounter", values.smallInt()), Held.COUNTER);
            case 7 -> onCounter();
            case 8 -> live.put(call(0, "range", NODES.numberNode((long) random.nextInt(0, 6))), Held.LIST);
            case 9 -> remap();
            case 10 -> pull();
            case 11 -> release();
            case 12 -> streamCall();
            case 13 -> pipeIn();
            case 14 -> exportedPromise();
            case 15 -> call(0, "echo", tag("export").add(nextExport--));
            case 16 -> serverCalls();
            case 17 -> call(0, "fail");
            case 18 -> pipelined();
            default -> {
                if (random.nextBoolean()) {
                    // The answer is a fresh stub of main (["export",-1]), which the peer then holds.
                    out.add(msg("pull").add(0));
                } else {
                    // The session's own export passed back: it arrives as a stub of the target.
                    Integer id = any(Held.COUNTER);
                    call(0, "echo", tag("import").add(id == null ? 0 : id));
                }
            }
        }
    }

    /** Pushes {@code ["pipeline", target, [method], args]}; @return the push's ID */
    private int call(int target, String method, JsonNode... args) {
        ArrayNode a = NODES.arrayNode();
        for (JsonNode arg : args) {
            a.add(arg);
        }
        out.add(msg("push").add(tag("pipeline").add(target).add(NODES.arrayNode().add(method)).add(a)));
        int id = nextImport++;
        live.put(id, Held.VALUE);
        if (random.nextInt(3) == 0) {
            out.add(msg("pull").add(id));
        }
        return id;
    }

    private void onCounter() {
        Integer counter = any(Held.COUNTER);
        if (counter == null) {
            live.put(call(0, "makeCounter", values.smallInt()), Held.COUNTER);
            return;
        }
        switch (random.nextInt(3)) {
            case 0 -> call(counter, "increment", values.smallInt());
            case 1 -> call(counter, "getValue");
            default -> {
                // A property get (no arguments element) of the getter.
                out.add(msg("push").add(tag("pipeline").add(counter).add(NODES.arrayNode().add("value"))));
                live.put(nextImport++, Held.VALUE);
            }
        }
    }

    private void pipelined() {
        Integer counter = any(Held.COUNTER);
        if (counter == null) {
            counter = call(0, "makeCounter", values.smallInt());
            live.put(counter, Held.COUNTER);
        }
        call(0, "square", tag("pipeline").add(counter).add(NODES.arrayNode().add("getValue")).add(NODES.arrayNode()));
    }

    private void remap() {
        Integer list = any(Held.LIST);
        if (list == null) {
            list = call(0, "range", NODES.numberNode((long) random.nextInt(0, 5)));
            live.put(list, Held.LIST);
        }
        ArrayNode instructions = NODES.arrayNode()
                .add(tag("pipeline").add(-1).add(NODES.arrayNode().add("square")).add(NODES.arrayNode().add(tag("pipeline").add(0))));
        if (random.nextBoolean()) {
            instructions.add(NODES.objectNode().set("x", tag("pipeline").add(1)));
        }
        out.add(msg("push").add(tag("remap").add(list).add(NODES.arrayNode())
                .add(NODES.arrayNode().add(tag("import").add(0))).add(instructions)));
        int id = nextImport++;
        live.put(id, Held.VALUE);
        out.add(msg("pull").add(id));
    }

    private void pull() {
        Integer id = any(null);
        if (id != null && id != 0) {
            out.add(msg("pull").add(id));
        }
    }

    private void release() {
        Integer id = any(null);
        if (id != null && id != 0) {
            out.add(msg("release").add(id).add(1));
            live.remove(id);
        }
    }

    private void streamCall() {
        // A stream message is push + pull + release in one: its ID is taken, never usable after.
        out.add(msg("stream").add(tag("pipeline").add(0).add(NODES.arrayNode().add("square")).add(NODES.arrayNode().add(values.smallInt()))));
        nextImport++;
    }

    /** The peer streams chunks to the server: pipe, readAll(readable), writes, close. */
    private void pipeIn() {
        if (!profile.answersCalls()) {
            // In a batch the server answers stream writes only in the response, so the writes
            // would wait for acks the peer cannot send in the same request.
            call(0, "concat", NODES.stringNode(values.string()), NODES.stringNode("no pipe in a batch"));
            return;
        }
        out.add(msg("pipe"));
        int pipe = nextImport++;
        live.put(pipe, Held.VALUE);
        call(0, "readAll", tag("readable").add(pipe));
        int chunks = random.nextInt(4);
        for (int i = 0; i < chunks; i++) {
            out.add(msg("stream").add(tag("pipeline").add(pipe).add(NODES.arrayNode().add("write"))
                    .add(NODES.arrayNode().add(values.value()))));
            nextImport++;
        }
        out.add(msg("stream").add(tag("pipeline").add(pipe).add(NODES.arrayNode().add("close")).add(NODES.arrayNode())));
        nextImport++;
    }

    private void exportedPromise() {
        int id = nextExport--;
        call(0, "echo", NODES.objectNode().set("p", tag("promise").add(id)));
        if (random.nextBoolean()) {
            out.add(settle(id));
        } else {
            unresolvedPromises.add(id);
        }
    }

    private JsonNode settle(int promiseId) {
        return random.nextInt(3) == 0
                ? msg("reject").add(promiseId).add(tag("error").add("Error").add("rejected by the peer"))
                : msg("resolve").add(promiseId).add(values.value());
    }

    /** Calls that make the server send to the peer: a callback, a stream back. */
    private void serverCalls() {
        if (!profile.answersCalls()) {
            call(0, "square", values.smallInt());
            return;
        }
        if (random.nextBoolean()) {
            call(0, "callBack", tag("export").add(nextExport--), values.value());
        } else {
            int stream = call(0, "makeStream", NODES.numberNode((long) random.nextInt(0, 5)));
            if (random.nextBoolean()) {
                call(0, "readAll", tag("pipeline").add(stream));
            }
        }
    }

    private Integer any(Held kind) {
        List<Integer> ids = new ArrayList<>();
        live.forEach((id, held) -> {
            if (kind == null || held == kind) {
                ids.add(id);
            }
        });
        return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
    }

    static ArrayNode msg(String type) {
        return NODES.arrayNode().add(type);
    }
}
