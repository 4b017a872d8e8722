package dev.capnweb.http;

import dev.capnweb.RpcException;

/**
 * An HTTP batch came back with a status other than 2xx: every call of the batch fails with this,
 * worded as the reference words it ({@code RPC request failed: 500 Server Error}).
 */
public final class HttpStatusException extends RpcException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpStatusException(int status, String reason) {
        super("Error", "RPC request failed: " + status + " " + reason);
        this.status = status;
    }

    /** @return the HTTP status code */
    public int status() {
        return status;
    }
}
