package dev.capnweb.internal;

/** One row of a session's export table. Used on the session's lane only. */
final class ExportEntry {
    final Hook hook;
    int refcount = 1;
    /** Whether a resolve/reject for it has been started. */
    boolean resolving;
    /** Created by a {@code stream} message: released by us right after its resolve/reject. */
    final boolean autoRelease;
    /** For a pipe the peer opened: its readable end, until {@code ["readable", id]} takes it. */
    Pipe pipeReadable;
    /** What it counts against the session's budget (an entry the peer made), given back on release. */
    final int charge;

    ExportEntry(Hook hook, boolean autoRelease, int charge) {
        this.hook = hook;
        this.autoRelease = autoRelease;
        this.charge = charge;
    }
}
