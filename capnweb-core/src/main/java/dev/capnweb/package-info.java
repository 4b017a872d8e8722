/**
 * Cap'n Web for Java: sessions, stubs, promises and targets.
 *
 * <h2>Values on the wire and in Java</h2>
 * <table>
 *   <caption>How wire values map to Java</caption>
 *   <tr><th>wire</th><th>Java, received</th><th>Java, sent from</th></tr>
 *   <tr><td>null, true/false, string</td><td>{@code null}, {@code Boolean}, {@code String}</td><td>the same</td></tr>
 *   <tr><td>number</td><td>{@code Long} for an integer token that fits a {@code long}, otherwise {@code Double}</td>
 *       <td>any {@code Number}: integers print exactly (a TypeScript peer rounds beyond 2<sup>53</sup>;
 *       send a {@code BigInteger} to keep such values exact); {@code double}s print as JavaScript prints them;
 *       NaN/±Infinity as {@code ["nan"]}, {@code ["inf"]}, {@code ["-inf"]}</td></tr>
 *   <tr><td>{@code [[...]]} array</td><td>{@code List<Object>}</td><td>any {@code Collection}, object or primitive arrays (not {@code byte[]})</td></tr>
 *   <tr><td>object</td><td>{@code Map<String,Object>}, insertion-ordered; the keys a TypeScript peer drops
 *       ({@code __proto__}, {@code constructor}, {@code toString}, {@code toJSON}...) are dropped too</td>
 *       <td>{@code Map} with String keys, records (their components), Java beans (through Jackson)</td></tr>
 *   <tr><td>{@code ["undefined"]}</td><td>{@link dev.capnweb.Undefined#INSTANCE}</td><td>the same; a {@code void} method answers it</td></tr>
 *   <tr><td>{@code ["bigint", s]}</td><td>{@code BigInteger}</td><td>{@code BigInteger}</td></tr>
 *   <tr><td>{@code ["date", ms]}</td><td>{@code Instant}; {@code ["date", null]} is {@link dev.capnweb.InvalidDate}</td><td>{@code Instant}, {@code java.util.Date}</td></tr>
 *   <tr><td>{@code ["bytes", b64]}</td><td>{@code byte[]}</td><td>{@code byte[]}, {@code ByteBuffer}</td></tr>
 *   <tr><td>{@code ["bytes", b64, type]}</td><td>{@link dev.capnweb.TypedBytes}</td><td>{@link dev.capnweb.TypedBytes}</td></tr>
 *   <tr><td>{@code ["error", ...]}</td><td>{@link dev.capnweb.RpcException}, keeping the name</td><td>any {@code Throwable} (see {@link dev.capnweb.RpcException} for names)</td></tr>
 *   <tr><td>{@code ["url", href]}</td><td>{@code java.net.URI}</td><td>{@code URI}, {@code URL}</td></tr>
 *   <tr><td>{@code ["headers"/"request"/"response", ...]}</td><td>{@link dev.capnweb.FetchHeaders},
 *       {@link dev.capnweb.FetchRequest}, {@link dev.capnweb.FetchResponse}</td><td>the same</td></tr>
 *   <tr><td>{@code ["export", id]}, {@code ["import", id]}</td><td>{@link dev.capnweb.RpcStub}</td>
 *       <td>{@link dev.capnweb.RpcStub}, {@link dev.capnweb.RpcTarget}, {@link dev.capnweb.RpcFunction} and lambdas</td></tr>
 *   <tr><td>{@code ["promise", id]}, {@code ["pipeline", ...]}</td><td>the resolved value (the promise is
 *       awaited before the value is delivered)</td><td>{@link dev.capnweb.RpcPromise}</td></tr>
 *   <tr><td>{@code ["readable", id]} (after {@code ["pipe"]})</td><td>a {@code java.util.concurrent.Flow.Publisher}
 *       of chunks (any wire value; bytes as {@code byte[]}); one subscriber</td><td>any {@code Flow.Publisher}</td></tr>
 *   <tr><td>{@code ["writable", id]}</td><td>a {@link dev.capnweb.StreamSink} writing to the peer's stream</td>
 *       <td>a {@link dev.capnweb.StreamSink} implementation</td></tr>
 *   <tr><td>{@code ["blob", type, ["readable", id]]}</td><td>{@link dev.capnweb.Blob}, delivered once complete</td>
 *       <td>{@link dev.capnweb.Blob}</td></tr>
 * </table>
 *
 * <p>{@link dev.capnweb.RpcStub#map} records a mapper into one {@code remap} message, and a
 * {@code remap} from the peer is applied as the reference applies it.
 *
 * <h2>Streams</h2>
 * A {@code Flow.Publisher} in a message goes out as a ReadableStream: a {@code pipe} message,
 * then the chunks as {@code stream} writes, read from the publisher no faster than the peer
 * acknowledges them, within the reference's flow-control window (256 KiB to start, following the
 * measured bandwidth-delay product). A received ReadableStream acknowledges each chunk once its
 * subscriber has taken it, so a slow subscriber slows the sender; one dropped unread is cancelled
 * when the message's payload is released, as in the reference. {@link dev.capnweb.Publishers} has
 * helpers to make and read publishers without a reactive library. Stream callbacks run on the
 * session's thread and must not block. Streams need a transport that stays open while they flow
 * (WebSocket, in-memory); an HTTP batch ends before the peer could acknowledge a write.
 */
package dev.capnweb;
