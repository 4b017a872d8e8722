/**
 * Cap'n Web for Java: the wire codec, sessions, dispatch to {@link dev.capnweb.RpcTarget}s and
 * the transport SPI. Only {@code dev.capnweb} (the API) and {@code dev.capnweb.spi} (for
 * transport authors) are exported.
 */
module dev.capnweb.core {
    requires tools.jackson.databind;

    exports dev.capnweb;
    exports dev.capnweb.spi;
}
