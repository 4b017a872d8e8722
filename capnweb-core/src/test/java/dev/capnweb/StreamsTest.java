package dev.capnweb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Streams between two Java sessions (reference-behaviour.md §4): ReadableStreams as
 * {@link Flow.Publisher}s both ways, WritableStreams as {@link StreamSink}s both ways, Blobs, and
 * what happens when either end fails or walks away. The wire shapes are checked against the
 * reference's traces.
 */
class StreamsTest {
    private static final long WAIT = 10;

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static Flow.Publisher<Object> publisher(Object value) {
        assertThat(value).isInstanceOf(Flow.Publisher.class);
        return (Flow.Publisher<Object>) value;
    }

    private static List<Object> expected(int n) {
        return IntStream.range(0, n).mapToObj(Streams::mixedChunk).toList();
    }

    /** byte[] has no value equality: compare chunks as lists of printable forms. */
    private static List<Object> printable(List<Object> chunks) {
        List<Object> out = new ArrayList<>();
        for (Object c : chunks) {
            out.add(c instanceof byte[] b ? java.util.Arrays.toString(b) : c);
        }
        return out;
    }

    @Test
    void aReturnedPublisherIsReadByTheCaller() throws Exception {
        try (Harness h = new Harness(new StreamTarget())) {
            RpcPromise result = h.api().call("makeStream", 1000);
            List<Object> chunks = await(Publishers.collect(publisher(result.join())));
            assertThat(printable(chunks)).isEqualTo(printable(expected(1000)));
            result.close();
            h.assertNoLeaks();
            // As in the reference: the pipe first, then the value naming it, then the writes.
            List<String> sent = h.serverSide.sent;
            assertThat(sent.get(0)).isEqualTo("[\"pipe\"]");
            assertThat(sent.get(1)).isEqualTo("[\"resolve\",1,[\"readable\",1]]");
            assertThat(sent.get(2)).isEqualTo("[\"stream\",[\"pipeline\",1,[\"write\"],[\"chunk 0\"]]]");
            assertThat(sent.get(3)).isEqualTo("[\"stream\",[\"pipeline\",1,[\"write\"],[[\"bytes\",\"AQAH\"]]]]");
            assertThat(sent).contains("[\"stream\",[\"pipeline\",1,[\"close\"],[]]]", "[\"release\",1,1]");
            assertThat(h.clientSide.sent).contains("[\"resolve\",2,[\"undefined\"]]");
        }
    }

    @Test
    void aPublisherArgumentIsReadByTheCallee() throws Exception {
        try (Harness h = new Harness(new StreamTarget())) {
            Streams.Generated source = new Streams.Generated(1000, Streams::mixedChunk);
            RpcPromise all = h.api().call("readAll", source);
            assertThat(printable(all.join(List.class))).isEqualTo(printable(expected(1000)));
            assertThat(List.copyOf(h.clientSide.sent).subList(0, 2)).containsExactly("[\"pipe\"]",
                    "[\"push\",[\"pipeline\",0,[\"readAll\"],[[\"readable\",1]]]]");
            all.close();
            h.assertNoLeaks();
        }
    }

    @Test
    void theCallerWritesToAReturnedSink() throws Exception {
        StreamTarget target = new StreamTarget();
        try (Harness h = new Harness(target)) {
            RpcPromise made = h.api().call("makeSink");
            @SuppressWarnings("unchecked")
            StreamSink<Object> sink = made.join(StreamSink.class);
            CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
            for (int i = 0; i < 1000; i++) {
                int k = i;
                last = last.thenCompose(v -> sink.write(Streams.mixedChunk(k)).toCompletableFuture());
            }
            await(last.thenCompose(v -> sink.close().toCompletableFuture()));
            assertThat(printable(await(target.sinkClosed))).isEqualTo(printable(expected(1000)));
            assertThat(h.serverSide.sent.get(0)).isEqualTo("[\"resolve\",1,[\"writable\",-1]]");
            assertThat(h.clientSide.sent).contains("[\"stream\",[\"pipeline\",-1,[\"close\"],[]]]", "[\"release\",-1,1]");
            made.close();
            h.assertNoLeaks();
        }
    }

    @Test
    void nullAndUndefinedAreChunksToo() throws Exception {
        StreamTarget target = new StreamTarget();
        try (Harness h = new Harness(target)) {
            @SuppressWarnings("unchecked")
            StreamSink<Object> sink = h.api().call("makeSink").join(StreamSink.class);
            await(sink.write(null).toCompletableFuture());
            await(sink.write(Undefined.INSTANCE).toCompletableFuture());
            await(sink.close().toCompletableFuture());
            assertThat(await(target.sinkClosed)).containsExactly(null, Undefined.INSTANCE);
            Object read = h.api().call("readAll", Publishers.fromIterable(List.of("a", Undefined.INSTANCE, "b"))).join();
            assertThat(read).isEqualTo(java.util.Arrays.asList("a", Undefined.INSTANCE, "b"));
        }
    }

    @Test
    void theCalleeWritesToASinkArgument() throws Exception {
        StreamTarget local = new StreamTarget();
        try (Harness h = new Harness(new StreamTarget())) {
            RpcPromise done = h.api().call("writeTo", local.makeSink(), 300);
            assertThat(done.join()).isEqualTo("done");
            assertThat(printable(await(local.sinkClosed))).isEqualTo(printable(expected(300)));
            assertThat(h.clientSide.sent.get(0)).isEqualTo("[\"push\",[\"pipeline\",0,[\"writeTo\"],[[\"writable\",-1],300]]]");
            done.close();
            h.assertNoLeaks();
        }
    }

    @Test
    void aBlobIsEchoedWithItsType() throws Exception {
        try (Harness h = new Harness(new StreamTarget())) {
            Blob small = Blob.ofText("abc", "text/x");
            RpcPromise echoed = h.api().call("echoBlob", small);
            assertThat(echoed.join()).isEqualTo(small);
            assertThat(List.copyOf(h.clientSide.sent).subList(0, 2)).containsExactly("[\"pipe\"]",
                    "[\"push\",[\"pipeline\",0,[\"echoBlob\"],[[\"blob\",\"text/x\",[\"readable\",1]]]]]");
            assertThat(h.clientSide.sent).containsSubsequence("[\"stream\",[\"pipeline\",1,[\"write\"],[[\"bytes\",\"YWJj\"]]]]",
                    "[\"stream\",[\"pipeline\",1,[\"close\"],[]]]", "[\"release\",1,1]");

            byte[] big = new byte[1_000_000];
            new java.util.Random(5).nextBytes(big);
            RpcPromise size = h.api().call("blobSize", new Blob("", big));
            assertThat(size.join()).isEqualTo(1_000_000L);
            RpcPromise bigEcho = h.api().call("echoBlob", new Blob("application/octet-stream", big));
            assertThat(bigEcho.join()).isEqualTo(new Blob("application/octet-stream", big));
            assertThat(h.api().call("echoBlob", new Blob("", new byte[0])).join()).isEqualTo(new Blob("", new byte[0]));
            echoed.close();
            size.close();
            bigEcho.close();
        }
    }

    @Test
    void aResponseBodyIsAStream() throws Exception {
        try (Harness h = new Harness(new StreamTarget())) {
            FetchResponse response = (FetchResponse) h.api().call("respond", "hello").join();
            assertThat(response.init()).containsEntry("status", 201L);
            List<Object> body = await(Publishers.collect(publisher(response.body())));
            assertThat(new String((byte[]) body.get(0), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(h.serverSide.sent.get(1)).isEqualTo("[\"resolve\",1,[\"response\",[\"readable\",1],{\"status\":201}]]");
        }
    }

    @Test
    void aRequestBodyIsAStream() {
        try (Harness h = new Harness(new StreamTarget())) {
            Map<String, Object> init = new java.util.LinkedHashMap<>();
            init.put("method", "POST");
            init.put("body", Publishers.fromIterable(List.of("payload".getBytes(StandardCharsets.UTF_8))));
            init.put("duplex", "half");
            FetchRequest request = new FetchRequest("https://example.com/x", init);
            assertThat(h.api().call("requestBody", request).join()).isEqualTo("POST https://example.com/x: payload");
            assertThat(h.clientSide.sent.get(1)).isEqualTo("[\"push\",[\"pipeline\",0,[\"requestBody\"],"
                    + "[[\"request\",\"https://example.com/x\",{\"method\":\"POST\",\"body\":[\"readable\",1],\"duplex\":\"half\"}]]]]");
        }
    }

    @Test
    void aValueThatIsNotAStreamIsRefusedWithItsName() {
        try (Harness h = new Harness(new StreamTarget())) {
            assertThatThrownBy(() -> h.api().call("wantsStream", Blob.ofText("x", "")).join())
                    .hasMessageContaining("Blob");
        }
    }

    @Test
    void aSourceErrorReachesTheReader() throws Exception {
        try (Harness h = new Harness(new StreamTarget())) {
            Flow.Publisher<Object> stream = publisher(h.api().call("failingStream", 5).join());
            assertThatThrownBy(() -> await(Publishers.collect(stream)))
                    .isInstanceOf(ExecutionException.class).cause().hasMessageContaining("source broke");
            assertThat(h.serverSide.awaitSent(9)).anyMatch(m -> m.startsWith("[\"stream\",[\"pipeline\",1,[\"abort\"],[[\"error\",\"Error\",\"source broke\""));
        }
    }

    @Test
    void aReaderThatCancelsStopsTheSource() throws Exception {
        StreamTarget target = new StreamTarget();
        try (Harness h = new Harness(target)) {
            Flow.Publisher<Object> stream = publisher(h.api().call("makeStream", 1_000_000).join());
            CompletableFuture<Integer> got = new CompletableFuture<>();
            stream.subscribe(new Flow.Subscriber<>() {
                Flow.Subscription s;
                int n;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    this.s = s;
                    s.request(10);
                }

                @Override
                public void onNext(Object item) {
                    if (++n == 10) {
                        s.cancel();
                        got.complete(n);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    got.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    got.completeExceptionally(new AssertionError("completed"));
                }
            });
            assertThat(await(got)).isEqualTo(10);
            await(target.lastMade.cancelledSignal);
            h.assertNoLeaks();
        }
    }

    @Test
    void aStreamTheCalleeIgnoresIsCancelled() throws Exception {
        try (Harness h = new Harness(new StreamTarget())) {
            Streams.Generated source = new Streams.Generated(1_000_000, Streams::mixedChunk);
            assertThat(h.api().call("ignoreStream", source).join()).isEqualTo(0L);
            await(source.cancelledSignal);
            assertThat(h.serverSide.sent).anyMatch(m -> m.contains("ReadableStream RPC stub was disposed without being consumed"));
            h.assertNoLeaks();
        }
    }

    @Test
    void aFailedWriteFailsLaterWritesAndClose() throws Exception {
        StreamTarget target = new StreamTarget();
        try (Harness h = new Harness(target)) {
            @SuppressWarnings("unchecked")
            StreamSink<Object> sink = h.api().call("makeSink").join(StreamSink.class);
            await(sink.write("ok").toCompletableFuture());
            await(sink.write("poison").toCompletableFuture());
            // The failure arrives with the ack; then every call fails with it.
            assertThatThrownBy(() -> await(sink.close().toCompletableFuture()))
                    .cause().hasMessageContaining("poison chunk");
            assertThatThrownBy(() -> await(sink.write("late").toCompletableFuture()))
                    .cause().hasMessageContaining("poison chunk");
            assertThat(target.sunk).containsExactly("ok");
        }
    }

    @Test
    void aSinkReleasedWithoutCloseIsAborted() throws Exception {
        StreamTarget target = new StreamTarget();
        try (Harness h = new Harness(target)) {
            @SuppressWarnings("unchecked")
            StreamSink<Object> sink = h.api().call("makeSink").join(StreamSink.class);
            await(sink.write("x").toCompletableFuture());
            h.client.close();
            assertThat(await(target.sinkAborted))
                    .hasMessage("WritableStream RPC stub was disposed without calling close()");
        }
    }

    @Test
    void anAbortReachesTheSink() throws Exception {
        StreamTarget target = new StreamTarget();
        try (Harness h = new Harness(target)) {
            @SuppressWarnings("unchecked")
            StreamSink<Object> sink = h.api().call("makeSink").join(StreamSink.class);
            await(sink.abort(new RpcException("RangeError", "enough")).toCompletableFuture());
            assertThat(await(target.sinkAborted)).hasMessage("enough");
            assertThatThrownBy(() -> await(sink.write("x").toCompletableFuture())).cause().hasMessage("enough");
            h.assertNoLeaks();
        }
    }

    @Test
    void aReadableIsTakenOnceAndOnlyFromAPipe() {
        Harness.RawPeer peer = new Harness.RawPeer(new StreamTarget(), SessionOptions.defaults());
        peer.send("[\"pipe\"]");
        peer.send("[\"push\",[\"pipeline\",0,[\"readAll\"],[[\"readable\",1]]]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"readAll\"],[[\"readable\",1]]]]");
        assertThat(peer.next()).isEqualTo("[\"abort\",[\"error\",\"Error\","
                + "\"Export 1 is not a pipe or its readable end was already consumed.\"]]");
        assertThat(peer.awaitClosed()).isTrue();
    }

    @Test
    void aSecondCloseIsRejectedNotLeftHanging() {
        Harness.RawPeer peer = new Harness.RawPeer(new StreamTarget(), SessionOptions.defaults());
        peer.send("[\"pipe\"]");
        peer.send("[\"push\",[\"pipeline\",0,[\"readAll\"],[[\"readable\",1]]]]");
        peer.send("[\"pull\",2]");
        peer.send("[\"stream\",[\"pipeline\",1,[\"write\"],[\"a\"]]]");
        peer.send("[\"stream\",[\"pipeline\",1,[\"close\"],[]]]");
        peer.send("[\"stream\",[\"pipeline\",1,[\"close\"],[]]]");
        List<String> answers = List.of(peer.next(), peer.next(), peer.next(), peer.next());
        assertThat(answers).contains("[\"resolve\",3,[\"undefined\"]]", "[\"resolve\",4,[\"undefined\"]]",
                "[\"resolve\",2,[[\"a\"]]]");
        assertThat(answers).anyMatch(m -> m.startsWith("[\"reject\",5,") && m.contains("close() after close()"));
    }

    @Test
    void aBlobMustCarryAStream() {
        Harness.RawPeer peer = new Harness.RawPeer(new StreamTarget(), SessionOptions.defaults());
        peer.send("[\"push\",[\"pipeline\",0,[\"blobSize\"],[[\"blob\",\"t\",\"abc\"]]]]");
        assertThat(peer.next()).isEqualTo("[\"abort\",[\"error\",\"TypeError\",\"Blob content must be serialized as a ReadableStream.\"]]");
    }

    @Test
    void writableStubMisuseIsARejectionNotAnAbort() {
        Harness.RawPeer peer = new Harness.RawPeer(new StreamTarget(), SessionOptions.defaults());
        peer.send("[\"pipe\"]");
        peer.send("[\"stream\",[\"pipeline\",1,[\"flush\"],[]]]");
        assertThat(peer.next()).isEqualTo("[\"reject\",2,[\"error\",\"Error\",\"Unknown WritableStream method: flush\"]]");
        peer.send("[\"push\",[\"pipeline\",1,[\"a\",\"b\"],[]]]");
        peer.send("[\"pull\",3]");
        assertThat(peer.next()).isEqualTo("[\"reject\",3,[\"error\",\"Error\",\"WritableStream stub only supports direct method calls\"]]");
        peer.send("[\"push\",[\"pipeline\",1,[\"size\"]]]");
        peer.send("[\"pull\",4]");
        assertThat(peer.next()).isEqualTo("[\"reject\",4,[\"error\",\"Error\",\"Cannot access properties on a WritableStream stub\"]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"square\"],[3]]]");
    }

    @Test
    void aBlobOfNonBytesFailsTheCallNotTheSession() throws Exception {
        Harness.RawPeer peer = new Harness.RawPeer(new StreamTarget(), SessionOptions.defaults());
        peer.send("[\"pipe\"]");
        peer.send("[\"stream\",[\"pipeline\",1,[\"write\"],[\"a\"]]]");
        peer.send("[\"push\",[\"pipeline\",0,[\"blobSize\"],[[\"blob\",\"\",[\"readable\",1]]]]]");
        peer.send("[\"pull\",3]");
        // The write is taken (acked) only once the blob reader reads it.
        assertThat(peer.next()).isEqualTo("[\"resolve\",2,[\"undefined\"]]");
        peer.send("[\"stream\",[\"pipeline\",1,[\"close\"],[]]]");
        // "a" is not bytes: the blob fails, the call is rejected, the session lives on.
        assertThat(peer.next()).contains("[\"reject\",3,[\"error\",\"TypeError\",\"Blob content chunks must be bytes");
        assertThat(peer.next()).startsWith("[\"reject\",4,");
    }
}
