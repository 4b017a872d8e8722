package dev.capnweb;

/**
 * Live table sizes of a session, counting the main entry on each side as the reference does: a
 * quiet session with everything released reports {@code imports=1, exports=1} on both ends.
 *
 * @param imports live import-table entries
 * @param exports live export-table entries
 */
public record SessionStats(int imports, int exports) {
}
