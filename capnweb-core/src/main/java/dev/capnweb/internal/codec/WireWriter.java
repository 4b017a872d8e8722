package dev.capnweb.internal.codec;

import java.util.List;
import java.util.function.Consumer;

/** Prints top-level messages as the compact JSON the reference sends. */
public final class WireWriter {
    private WireWriter() {
    }

    private static String print(WriteContext ctx, Consumer<ValueWriter> body) {
        JsonOut out = new JsonOut(64);
        body.accept(new ValueWriter(out, ctx));
        return out.toString();
    }

    /**
     * {@code ["push", ["pipeline", id, path, args]]}, or {@code "stream"} as the tag.
     *
     * @param id     the peer's export the call goes to
     * @param path   the property path (printed even when empty)
     * @param args   the arguments, or null for a property read
     * @param stream whether to send a {@code stream} message
     * @param ctx    exports capabilities met in the arguments
     * @return the message
     */
    public static String pushCall(long id, List<Object> path, List<Object> args, boolean stream, WriteContext ctx) {
        return print(ctx, w -> {
            JsonOut g = w.out();
            g.writeStartArray();
            g.writeString(stream ? "stream" : "push");
            g.writeStartArray();
            g.writeString("pipeline");
            g.writeNumber(id);
            w.writePath(path);
            if (args != null) {
                g.writeStartArray();
                for (Object a : args) {
                    w.write(a, 1);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndArray();
        });
    }

    /** @param id the import to pull @return {@code ["pull", id]} */
    public static String pull(long id) {
        return "[\"pull\"," + id + "]";
    }

    /** @param id the import @param refcount references dropped @return {@code ["release", id, n]} */
    public static String release(long id, long refcount) {
        return "[\"release\"," + id + "," + refcount + "]";
    }

    /** @return {@code ["pipe"]} */
    public static String pipe() {
        return "[\"pipe\"]";
    }

    /** @param id the export @param value its value @param ctx exports @return {@code ["resolve", id, value]} */
    public static String resolve(long id, Object value, WriteContext ctx) {
        return tagged("resolve", id, value, ctx);
    }

    /** @param id the export @param error the error (any value) @param ctx exports @return {@code ["reject", id, error]} */
    public static String reject(long id, Object error, WriteContext ctx) {
        return tagged("reject", id, error, ctx);
    }

    /** @param error the reason @param ctx the error hook @return {@code ["abort", error]} */
    public static String abort(Object error, WriteContext ctx) {
        return print(ctx, w -> {
            JsonOut g = w.out();
            g.writeStartArray();
            g.writeString("abort");
            w.write(error, 0);
            g.writeEndArray();
        });
    }

    private static String tagged(String tag, long id, Object value, WriteContext ctx) {
        return print(ctx, w -> {
            JsonOut g = w.out();
            g.writeStartArray();
            g.writeString(tag);
            g.writeNumber(id);
            w.write(value, 0);
            g.writeEndArray();
        });
    }

    /** @param value a value @param ctx exports @return the value as one expression */
    public static String value(Object value, WriteContext ctx) {
        return print(ctx, w -> w.write(value, 0));
    }

    /** @return the value printed on its own, or null if it cannot be (used to drop bad error properties) */
    static String tryValue(Object value, WriteContext ctx, int depth) {
        try {
            return print(ctx, w -> w.write(value, depth));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @param m a parsed message @return it printed again, references as they were */
    public static String message(WireMessage m) {
        return print(WriteContext.PLAIN, w -> {
            JsonOut g = w.out();
            g.writeStartArray();
            if (m instanceof WireMessage.Push p) {
                g.writeString("push");
                w.write(p.expr().value(), 0);
            } else if (m instanceof WireMessage.Stream s) {
                g.writeString("stream");
                w.write(s.expr().value(), 0);
            } else if (m instanceof WireMessage.Pipe) {
                g.writeString("pipe");
            } else if (m instanceof WireMessage.Pull p) {
                g.writeString("pull");
                g.writeNumber(p.id());
            } else if (m instanceof WireMessage.Resolve r) {
                g.writeString("resolve");
                g.writeNumber(r.id());
                w.write(r.expr().value(), 0);
            } else if (m instanceof WireMessage.Reject r) {
                g.writeString("reject");
                g.writeNumber(r.id());
                w.write(r.expr().value(), 0);
            } else if (m instanceof WireMessage.Release r) {
                g.writeString("release");
                g.writeNumber(r.id());
                g.writeNumber(r.refcount());
            } else if (m instanceof WireMessage.Abort a) {
                g.writeString("abort");
                w.write(a.expr().value(), 0);
            }
            g.writeEndArray();
        });
    }
}
