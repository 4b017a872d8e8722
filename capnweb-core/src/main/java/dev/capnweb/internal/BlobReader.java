package dev.capnweb.internal;

import dev.capnweb.Blob;
import dev.capnweb.RpcException;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.Flow;

/** Reads a Blob's pipe to its end; the promise it returns resolves to the {@link Blob}. */
final class BlobReader implements Flow.Subscriber<Object> {
    private final String type;
    private final LocalPromiseHook result;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private boolean failed;

    private BlobReader(String type, LocalPromiseHook result) {
        this.type = type;
        this.result = result;
    }

    static Hook read(SerialLane lane, String type, Pipe pipe) {
        LocalPromiseHook result = new LocalPromiseHook(lane);
        pipe.subscribe(new BlobReader(type, result));
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Object chunk) {
        if (failed) {
            return;
        }
        if (!(chunk instanceof byte[] b)) {
            failed = true;
            subscription.cancel();
            result.resolve(new ErrorHook(new RpcException("TypeError", "Blob content chunks must be bytes, got "
                    + (chunk == null ? "null" : chunk.getClass().getSimpleName()))));
            return;
        }
        bytes.write(b, 0, b.length);
    }

    @Override
    public void onError(Throwable error) {
        if (!failed) {
            failed = true;
            result.resolve(new ErrorHook(error));
        }
    }

    @Override
    public void onComplete() {
        if (!failed) {
            result.resolve(new PayloadHook(Payload.ofReturn(new Blob(type, bytes.toByteArray()))));
        }
    }
}
