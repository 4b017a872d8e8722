package dev.capnweb.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's main command runs the tour; it prints what each example claims. */
class TourTest {
    @Test
    void everyExamplePrintsItsResults() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Tour.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("square(7) = 49")
                .contains("Hello, WebSocket!")
                .contains("(2 + 3) * 7 = 35")
                .contains("countdown called back [3, 2, 1], then said liftoff")
                .contains("divide(1, 0) failed: RangeError: division by zero")
                .contains("Alice's friends [2, 3]: {id=2, name=Bob} and {id=3, name=Carol}")
                .contains("HTTP requests made: 1")
                .contains("answer: Cap'n Web streams this answer to \"what is pipelining?\" one token at a time.")
                .contains("received 15 tokens as they were produced")
                .contains("progress: 50% (")
                .contains("progress: 100% (5242880 of 5242880 bytes)")
                .contains("server stored 5242880 bytes; sha256 matches: true");
    }
}
