package dev.capnweb;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input loses nothing: thousands of mutated messages (fixed seed) each either work or abort
 * their own session with a named protocol error, never with an internal error, and a session that
 * aborted has released everything.
 */
class MutatedInputTest {
    private static final String[] CORPUS = {
        "[\"push\",[\"pipeline\",0,[\"square\"],[5]]]",
        "[\"push\",[\"pipeline\",0,[\"callSquare\"],[[\"import\",0],6]]]",
        "[\"push\",[\"pipeline\",0,[\"echo\"],[{\"a\":[[1,2,[\"bigint\",\"3\"]]],\"b\":[\"date\",5],\"c\":[\"bytes\",\"AQID\"]}]]]",
        "[\"push\",[\"pipeline\",0,[\"incrementCounter\"],[[\"export\",-1],2]]]",
        "[\"push\",[\"pipeline\",0,[\"echo\"],[[\"error\",\"TypeError\",\"m\",null,{\"code\":[\"promise\",-2]}]]]]",
        "[\"push\",[\"remap\",0,[],[[\"import\",0]],[[\"pipeline\",-1,[\"square\"],[[\"pipeline\",0]]]]]]",
        "[\"push\",[\"pipeline\",0,[\"echo\"],[[\"request\",\"http://x/\",{\"method\":\"POST\",\"headers\":[[\"a\",\"b\"]]}]]]]",
        "[\"pull\",1]", "[\"release\",1,1]", "[\"resolve\",-1,[\"export\",-3]]", "[\"reject\",2,[\"error\",\"Error\",\"x\"]]",
    };
    private static final String ALPHABET = "[]{}\",:-0123456789abcdefghijklmnopqrstuvwxyz \\";

    @Test
    void mutatedMessagesNeverCauseInternalErrors() throws Exception {
        Random random = new Random(20261124);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String base = CORPUS[random.nextInt(CORPUS.length)];
            String mutated = mutate(base, random);
            Harness.RawPeer peer = new Harness.RawPeer(new TestTarget(), SessionOptions.defaults());
            peer.send("[\"push\",[\"pipeline\",0,[\"square\"],[1]]]");
            sendUnlessClosed(peer, mutated);
            sendUnlessClosed(peer, "[\"pull\",1]");
            // Either the session answers the pull, or it aborted: both are fine, an internal error is not.
            String first = peer.received.poll(10, TimeUnit.SECONDS);
            if (first == null) {
                failures.add("no answer at all for " + mutated);
            } else if (first.contains("Internal error")) {
                failures.add(mutated + " -> " + first);
            }
            if (peer.session.brokenReason().isPresent()) {
                Harness.await(() -> peer.session.stats().equals(new SessionStats(0, 0)));
                if (!peer.session.stats().equals(new SessionStats(0, 0))) {
                    failures.add("tables not released after abort for " + mutated);
                }
            }
            peer.session.close();
        }
        assertThat(failures).isEmpty();
    }

    /** A session that aborted has closed its transport; later sends are refused, which is fine. */
    private static void sendUnlessClosed(Harness.RawPeer peer, String message) {
        try {
            peer.send(message);
        } catch (RpcException closed) {
            assertThat(closed).hasMessage("In-memory transport is closed.");
        }
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length() > 1; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }
}
