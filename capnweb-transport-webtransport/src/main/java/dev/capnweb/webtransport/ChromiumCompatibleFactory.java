package dev.capnweb.webtransport;

import tech.kwik.flupke.server.Http3ServerExtension;
import tech.kwik.flupke.server.Http3ServerExtensionFactory;
import tech.kwik.flupke.server.HttpRequestHandler;
import tech.kwik.flupke.webtransport.WebTransportHttp3ApplicationProtocolFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Flupke's WebTransport server, made acceptable to Chromium. Flupke announces only the draft-13
 * {@code WT_MAX_SESSIONS} setting, which Chromium does not take as WebTransport support: it never
 * sends the CONNECT and the page sees {@code net::ERR_METHOD_NOT_SUPPORTED}. The server also has
 * to announce the draft-02 {@code ENABLE_WEBTRANSPORT}, {@code H3_DATAGRAM} and the draft-07
 * setting, and enable QUIC datagrams. Flupke merges every extension factory's settings into its
 * SETTINGS frame, so a settings-only extension is enough (no patch to Flupke).
 */
final class ChromiumCompatibleFactory extends WebTransportHttp3ApplicationProtocolFactory {
    /** draft-ietf-webtrans-http3-02 SETTINGS_ENABLE_WEBTRANSPORT. */
    static final long ENABLE_WEBTRANSPORT_DRAFT02 = 0x2b603742L;
    /** RFC 9297 SETTINGS_H3_DATAGRAM. */
    static final long H3_DATAGRAM = 0x33L;
    /** draft-ietf-webtrans-http3-07 SETTINGS_WEBTRANSPORT_MAX_SESSIONS. */
    static final long WEBTRANSPORT_MAX_SESSIONS_DRAFT07 = 0xc671706aL;
    /** The key the settings-only extension is registered under; no client asks for this protocol. */
    private static final String SETTINGS_ONLY = "capnweb-chromium-settings";

    ChromiumCompatibleFactory(HttpRequestHandler requestHandler) {
        super(requestHandler);
    }

    /** Called by Flupke's constructor with its WebTransport extension; the settings-only one joins it. */
    @Override
    public void setExtensions(Map<String, Http3ServerExtensionFactory> extensions) {
        Map<String, Http3ServerExtensionFactory> all = new HashMap<>(extensions);
        all.put(SETTINGS_ONLY, new ChromiumSettings());
        super.setExtensions(all);
    }

    @Override
    public boolean enableDatagramExtension() {
        return true;
    }

    /** Contributes settings only; a CONNECT naming its protocol is refused. */
    private static final class ChromiumSettings implements Http3ServerExtensionFactory {
        @Override
        public Http3ServerExtension createExtension(tech.kwik.flupke.server.Http3ServerConnection connection) {
            return (headers, protocol, authority, pathAndQuery, statusCallback, stream) -> statusCallback.accept(404);
        }

        @Override
        public Map<Long, Long> getExtensionSettings() {
            return Map.of(ENABLE_WEBTRANSPORT_DRAFT02, 1L, H3_DATAGRAM, 1L, WEBTRANSPORT_MAX_SESSIONS_DRAFT07, 1L);
        }
    }
}
