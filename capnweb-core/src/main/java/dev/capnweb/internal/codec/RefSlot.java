package dev.capnweb.internal.codec;

import java.util.function.Consumer;

/**
 * Where a {@link WireRef} sits in a parsed value, so the session can put the resolved value in
 * its place without walking the whole tree.
 *
 * @param ref      the reference
 * @param setter   stores the replacement into the containing list, map, record holder or root
 * @param discard  true when the reference sat under a key the reader drops (e.g. {@code __proto__}):
 *                 the session must still resolve it, so the capability is released, then drop it
 */
public record RefSlot(WireRef ref, Consumer<Object> setter, boolean discard) {
}
