package dev.capnweb.internal;

import java.util.Arrays;

/** Sends a Blob's bytes over its pipe in chunks, each once the window has room, then closes it. */
final class BlobSender {
    /** The size of each {@code bytes} chunk (what a browser's {@code Blob.stream()} reads at a time). */
    static final int CHUNK = 64 * 1024;

    private BlobSender() {
    }

    static void start(SerialLane lane, byte[] bytes, RemoteWritable out) {
        next(lane, bytes, 0, out);
    }

    private static void next(SerialLane lane, byte[] bytes, int offset, RemoteWritable out) {
        if (offset >= bytes.length) {
            out.close();
            return;
        }
        int end = Math.min(bytes.length, offset + CHUNK);
        out.write(Arrays.copyOfRange(bytes, offset, end)).whenComplete((v, err) -> {
            if (err == null) {
                // Queued, not nested: a large blob in an open window must not grow the stack.
                lane.execute(() -> next(lane, bytes, end, out));
            }
        });
    }
}
