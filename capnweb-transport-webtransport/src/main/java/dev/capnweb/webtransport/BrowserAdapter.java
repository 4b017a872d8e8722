package dev.capnweb.webtransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The browser side of this transport: an ES module, {@code capnweb-webtransport.js}, exporting
 * {@code WebTransportRpcTransport}, which implements capnweb's {@code RpcTransport} over the
 * browser's {@code WebTransport}, so the TypeScript capnweb client runs in a page:
 * {@code new RpcSession(new WebTransportRpcTransport(url, options), localMain)}. Serve
 * {@link #script()} from the web server that serves the page (with
 * {@code Content-Type: text/javascript}).
 */
public final class BrowserAdapter {
    /** The script's class-path resource name. */
    public static final String RESOURCE = "/dev/capnweb/webtransport/capnweb-webtransport.js";
    /** The file name pages import it under, by convention. */
    public static final String FILE_NAME = "capnweb-webtransport.js";

    private BrowserAdapter() {
    }

    /** @return the adapter's source (UTF-8 JavaScript) */
    public static String script() {
        try (InputStream in = BrowserAdapter.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
