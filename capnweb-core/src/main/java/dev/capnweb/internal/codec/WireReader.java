package dev.capnweb.internal.codec;

import dev.capnweb.Undefined;

import java.util.List;

/**
 * Reads top-level messages (reference-behaviour.md §1.1-1.2). Anything the reference aborts on
 * becomes a {@link WireFormatException} with the reference's wording.
 */
public final class WireReader {
    private WireReader() {
    }

    /**
     * @param text   one message as received
     * @param limits the receiver's limits
     * @return the message
     * @throws WireFormatException for input the protocol does not allow
     */
    public static WireMessage readMessage(String text, CodecLimits limits) {
        if (text.length() > limits.maxMessageSize()) {
            throw new WireFormatException("TypeError",
                    "Incoming message exceeds maximum size of " + limits.maxMessageSize() + " UTF-16 code units.");
        }
        Object json = JsonTree.parse(text, maxJsonDepth(limits), () -> depthError(limits));
        if (!(json instanceof List<?> msg) || msg.isEmpty() || !(msg.get(0) instanceof String tag)) {
            throw bad(json);
        }
        ExpressionReader reader = new ExpressionReader(limits);
        int n = msg.size();
        switch (tag) {
            case "push":
                if (n > 1) {
                    return new WireMessage.Push(reader.root(msg.get(1), 0));
                }
                break;
            case "stream":
                if (n > 1) {
                    return new WireMessage.Stream(reader.root(msg.get(1), 0));
                }
                break;
            case "pipe":
                return new WireMessage.Pipe();
            case "pull":
                if (n > 1 && id(msg.get(1)) != null) {
                    return new WireMessage.Pull(id(msg.get(1)));
                }
                break;
            case "resolve":
            case "reject":
                if (n > 2 && id(msg.get(1)) != null) {
                    Parsed expr = reader.root(msg.get(2), 0);
                    return tag.equals("resolve") ? new WireMessage.Resolve(id(msg.get(1)), expr)
                            : new WireMessage.Reject(id(msg.get(1)), expr);
                }
                break;
            case "release":
                if (n > 2 && id(msg.get(1)) != null && id(msg.get(2)) != null) {
                    return new WireMessage.Release(id(msg.get(1)), id(msg.get(2)));
                }
                break;
            case "abort":
                return new WireMessage.Abort(n > 1 ? reader.root(msg.get(1), 0) : new Parsed(Undefined.INSTANCE, List.of()));
            default:
                break;
        }
        throw bad(json);
    }

    /**
     * Reads one expression on its own (used by tests, and for instructions evaluated later).
     *
     * @param json   the expression's JSON text
     * @param limits the limits
     * @return the parsed expression
     */
    public static Parsed readExpression(String json, CodecLimits limits) {
        return new ExpressionReader(limits).root(JsonTree.parse(json, maxJsonDepth(limits), () -> depthError(limits)), 0);
    }

    /**
     * Splits a JSON array into its elements' texts: map instructions are evaluated one at a time,
     * each from a fresh copy, once per element mapped.
     *
     * @param json   a JSON array
     * @param limits the limits
     * @return each element as JSON text
     */
    public static List<String> arrayElements(String json, CodecLimits limits) {
        Object tree = JsonTree.parse(json, maxJsonDepth(limits), () -> depthError(limits));
        if (!(tree instanceof List<?> list)) {
            throw new WireFormatException("TypeError", "unknown special value: " + json);
        }
        List<String> out = new java.util.ArrayList<>(list.size());
        for (Object element : list) {
            out.add(JsonTree.print(element));
        }
        return out;
    }

    /** Each evaluation level takes at most two JSON levels, so deeper JSON can only fail the depth check. */
    private static int maxJsonDepth(CodecLimits limits) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * limits.maxDepth() + 4);
    }

    private static WireFormatException depthError(CodecLimits limits) {
        return new WireFormatException("TypeError",
                "Deserialization exceeded maximum allowed message depth of " + limits.maxDepth() + ".");
    }

    private static Long id(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        return null;
    }

    private static WireFormatException bad(Object json) {
        return new WireFormatException("Error", "bad RPC message: " + JsonTree.print(json));
    }
}
