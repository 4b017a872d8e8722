package dev.capnweb.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebTransport example prints the Java client's results and what its page, run in headless
 * Chromium with the real capnweb client, reported. The page's capnweb comes from interop's
 * pinned install here (examples/webtransport/run installs its own).
 */
class WebTransportExampleTest {
    @Test
    void theJavaClientAndTheBrowserPageBothTalkToTheServer(@TempDir Path folder) throws Exception {
        Files.copy(Path.of("webtransport", "index.html"), folder.resolve("index.html"));
        Path dist = Files.createDirectories(folder.resolve("node_modules/capnweb/dist"));
        Files.copy(Path.of("..", "interop", "node_modules", "capnweb", "dist", "index.js"), dist.resolve("index.js"));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            WebTransportExample.main(new String[] {folder.toString()});
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("Hello, Java over WebTransport!")
                .contains("countdown called back [3, 2, 1], then said liftoff")
                .contains("Hello, browser!")
                .contains("countdown called the page back [3,2,1], then said liftoff")
                .contains("divide(1, 0) failed: RangeError: division by zero")
                .contains("done");
    }
}
