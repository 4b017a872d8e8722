// The reference's test API (capnweb __tests__/test-util.ts, as described in
// reference-behaviour.md §8.0), written against the published package.
import { RpcTarget } from "capnweb";

export class Counter extends RpcTarget {
  constructor(i = 0) {
    super();
    this.i = i;
  }

  increment(amount = 1) {
    this.i += amount;
    return this.i;
  }

  get value() {
    return this.i;
  }
}

export class TestTarget extends RpcTarget {
  square(i) {
    return i * i;
  }

  callSquare(self, i) {
    return { result: self.square(i) };
  }

  async callFunction(func, i) {
    return { result: await func(i) };
  }

  throwError() {
    throw new RangeError("test error");
  }

  makeCounter(i) {
    return new Counter(i);
  }

  incrementCounter(c, i = 1) {
    return c.increment(i);
  }

  generateFibonacci(length) {
    const result = [0, 1];
    while (result.length < length) {
      result.push(result[result.length - 1] + result[result.length - 2]);
    }
    return result.slice(0, length);
  }

  returnNull() {
    return null;
  }

  returnUndefined() {
    return undefined;
  }

  returnNumber(i) {
    return i;
  }

  async echoBlob(blob) {
    return new Blob([await blob.arrayBuffer()], { type: blob.type });
  }

  // Stream methods of the interop scenarios (not in the reference's TestTarget).

  makeStream(n) {
    let i = 0;
    return new ReadableStream({
      pull(controller) {
        if (i < n) controller.enqueue(streamChunk(i++));
        else controller.close();
      },
    });
  }

  async readAll(stream) {
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return chunks;
  }

  makeSink() {
    this.sunkChunks = [];
    let closed;
    this.sinkClosed = new Promise((resolve) => (closed = resolve));
    return new WritableStream({
      write: (chunk) => {
        this.sunkChunks.push(chunk);
      },
      close: () => closed(this.sunkChunks),
    });
  }

  sunk() {
    return this.sinkClosed;
  }

  async writeTo(writable, n) {
    const writer = writable.getWriter();
    for (let i = 0; i < n; i++) await writer.write(streamChunk(i));
    await writer.close();
    return "done";
  }
}

/** Chunk i of the interop streams: a string, bytes or an object, in turn. */
export function streamChunk(i) {
  switch (i % 3) {
    case 0:
      return `chunk ${i}`;
    case 1:
      return new Uint8Array([i & 255, (i >> 8) & 255, 7]);
    default:
      return { i };
  }
}
