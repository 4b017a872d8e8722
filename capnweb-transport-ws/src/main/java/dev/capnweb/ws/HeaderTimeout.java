package dev.capnweb.ws;

import java.nio.charset.StandardCharsets;

/** The answer both servers write to a peer whose request headers took longer than allowed. */
final class HeaderTimeout {
    private static final String BODY = "The request headers took too long to arrive.\n";
    private static final byte[] RESPONSE = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: text/plain;charset=UTF-8\r\n"
            + "Content-Length: " + BODY.length() + "\r\n"
            + "Connection: close\r\n"
            + "\r\n"
            + BODY).getBytes(StandardCharsets.US_ASCII);

    private HeaderTimeout() {
    }

    /** @return the whole HTTP response, in an array of its own (writers may keep the buffer) */
    static byte[] response() {
        return RESPONSE.clone();
    }
}
