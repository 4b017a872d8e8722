package dev.capnweb.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's main example prints what it claims. */
class PeerToPeerExampleTest {
    @Test
    void runsAndPrintsEveryStep() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            PeerToPeerExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("square(7) = 49")
                .contains("add(makeCounter(10).increment(5).value, 100) = 115  [5 messages from Bob, one round trip]")
                .contains("Bob's callback got: Alice says: the build is green")
                .contains("Bob replied: thanks!")
                .contains("Alice calls Bob's main: Hello, Alice, from Bob")
                .contains("divide(1, 0) failed as expected: RangeError: division by zero");
    }
}
