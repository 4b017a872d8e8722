package dev.capnweb.internal;

import dev.capnweb.RpcException;

import java.util.ArrayList;
import java.util.List;

/**
 * The variables of one mapper run (reference-behaviour.md §3.1): inside map instructions, 0 is
 * the element, {@code -k} the k-th capture and {@code +n} the result of instruction n. There is
 * no export table in here.
 */
final class MapScope {
    private final List<Hook> captures;
    private final List<Hook> variables = new ArrayList<>();

    MapScope(List<Hook> captures, Hook input) {
        this.captures = captures;
        variables.add(input);
    }

    /** @return the hook for a variable; the scope keeps owning it */
    Hook variable(long id) {
        if (id < 0 && -id <= captures.size()) {
            return captures.get((int) (-id - 1));
        }
        if (id >= 0 && id < variables.size()) {
            return variables.get((int) id);
        }
        throw new RpcException("Error", "no such entry on exports table: " + id);
    }

    void add(Hook result) {
        variables.add(result);
    }

    /** Releases the element and the instruction results; captures outlive one element. */
    void dispose() {
        for (Hook h : variables) {
            h.dispose();
        }
        variables.clear();
    }
}
