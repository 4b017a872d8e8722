// capnweb-webtransport.js: a capnweb RpcTransport over the browser's WebTransport, for the
// TypeScript capnweb client talking to capnweb-java's WebTransportServer (or any server using the
// same framing: the client opens one bidirectional stream per session, and each side writes one
// UTF-8 JSON message per line, ending in "\n").
//
//   import { RpcSession } from "capnweb";
//   import { WebTransportRpcTransport } from "./capnweb-webtransport.js";
//   const transport = new WebTransportRpcTransport("https://127.0.0.1:4433/rpc", {
//     serverCertificateHashes: [{ algorithm: "sha-256", value: hashBytes }],  // development certificates
//   });
//   const session = new RpcSession(transport, localMain);
//   const api = session.getRemoteMain();
//
// Options are passed to `new WebTransport(url, options)`, plus `maxMessageBytes` (default 32 MiB),
// the longest line accepted, checked while it is received.

const NEWLINE = 10;
const DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
// WebTransport close reasons are limited to 1024 bytes.
const MAX_REASON_BYTES = 1024;

export class WebTransportRpcTransport {
  #transport;
  #writer;
  #sendQueue = [];           // messages sent before the stream is ready
  #sending = Promise.resolve();
  #receiveQueue = [];
  #receiveResolver;
  #receiveRejecter;
  #error;
  #maxMessageBytes;
  #encoder = new TextEncoder();

  /**
   * @param {string|WebTransport} urlOrTransport the endpoint URL (https://host:port/path), or a
   *     WebTransport the caller already created
   * @param {object} [options] WebTransport options, plus maxMessageBytes
   */
  constructor(urlOrTransport, options = {}) {
    const { maxMessageBytes, ...webTransportOptions } = options;
    this.#maxMessageBytes = maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#transport = typeof urlOrTransport === "string"
        ? new WebTransport(urlOrTransport, webTransportOptions)
        : urlOrTransport;
    this.#transport.closed.then(
        (info) => this.#fail(new Error(
            `Peer closed WebTransport session: ${info?.closeCode ?? 0} ${info?.reason ?? ""}`)),
        (err) => this.#fail(new Error(`WebTransport connection failed: ${err?.message ?? err}`)));
    this.#open().catch((err) => this.#fail(new Error(`WebTransport connection failed: ${err?.message ?? err}`)));
  }

  async #open() {
    await this.#transport.ready;
    const stream = await this.#transport.createBidirectionalStream();
    this.#writer = stream.writable.getWriter();
    for (const message of this.#sendQueue) this.#write(message);
    this.#sendQueue = undefined;
    this.#readLoop(stream.readable.getReader());
  }

  #write(message) {
    const bytes = this.#encoder.encode(message + "\n");
    // Writes are chained so that a failure is seen once and order is kept.
    this.#sending = this.#sending.then(() => this.#writer.write(bytes));
    this.#sending.catch((err) => this.#fail(new Error(`WebTransport write failed: ${err?.message ?? err}`)));
  }

  async #readLoop(reader) {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let parts = [];
    let length = 0;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          this.#fail(new Error("Peer closed the WebTransport stream."));
          return;
        }
        let start = 0;
        for (let i = 0; i < value.length; i++) {
          if (value[i] !== NEWLINE) continue;
          const piece = value.subarray(start, i);
          if (length + piece.length > this.#maxMessageBytes) throw this.#tooLarge();
          parts.push(piece);
          this.#deliver(decoder.decode(concat(parts, length + piece.length)));
          parts = [];
          length = 0;
          start = i + 1;
        }
        const rest = value.subarray(start);
        if (length + rest.length > this.#maxMessageBytes) throw this.#tooLarge();
        if (rest.length > 0) {
          parts.push(rest.slice());
          length += rest.length;
        }
      }
    } catch (err) {
      this.#fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #tooLarge() {
    return new TypeError(`Incoming message exceeds maximum size of ${this.#maxMessageBytes} bytes.`);
  }

  #deliver(message) {
    if (this.#error) return;
    if (this.#receiveResolver) {
      const resolve = this.#receiveResolver;
      this.#receiveResolver = undefined;
      this.#receiveRejecter = undefined;
      resolve(message);
    } else {
      this.#receiveQueue.push(message);
    }
  }

  #fail(error) {
    if (this.#error) return;
    this.#error = error;
    if (this.#receiveRejecter) {
      const reject = this.#receiveRejecter;
      this.#receiveResolver = undefined;
      this.#receiveRejecter = undefined;
      reject(error);
    }
  }

  send(message) {
    if (this.#error) throw this.#error;
    if (this.#sendQueue) {
      this.#sendQueue.push(message);
    } else {
      this.#write(message);
    }
  }

  receive() {
    if (this.#receiveQueue.length > 0) return Promise.resolve(this.#receiveQueue.shift());
    if (this.#error) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      this.#receiveResolver = resolve;
      this.#receiveRejecter = reject;
    });
  }

  abort(reason) {
    let text = reason instanceof Error ? reason.message : `${reason}`;
    const bytes = this.#encoder.encode(text);
    if (bytes.length > MAX_REASON_BYTES) {
      text = new TextDecoder().decode(bytes.subarray(0, MAX_REASON_BYTES), { stream: true });
    }
    if (!this.#error) this.#error = reason;
    // Let queued messages (the abort message last) go out before the session closes.
    this.#sending
        .then(() => this.#writer?.close())
        .catch(() => {})
        .finally(() => {
          try {
            this.#transport.close({ closeCode: 3000, reason: text });
          } catch {
            // Already closed.
          }
        });
  }
}

function concat(parts, length) {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
