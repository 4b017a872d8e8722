package dev.capnweb.fuzz;

/**
 * What the fuzzing peer can do besides sending, which decides what valid cases may ask of the
 * server.
 *
 * @param answersCalls whether the peer answers the server's calls and stream writes while the case
 *                     runs; an HTTP batch cannot (the client can only answer in a new request), so
 *                     batch cases call no callbacks and ask for no server streams, which would
 *                     never finish there, in the reference as here; nor pipes, whose stream
 *                     writes wait for acks
 */
public record PeerProfile(boolean answersCalls) {
    /** A peer on a live connection (in-memory, WebSocket). */
    public static final PeerProfile LIVE = new PeerProfile(true);
    /** A peer that sends one HTTP batch. */
    public static final PeerProfile BATCH = new PeerProfile(false);
}
