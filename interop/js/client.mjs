// Runs the interop scenarios with the real capnweb client against any server exposing the test
// API (reference-behaviour.md §8.0).
// Usage: node js/client.mjs <ws|batch> <url>
// Prints one JSON line per scenario, {"scenario", "ok", "detail"}, and exits 1 if any failed.
import { RpcSession, WebSocketTransport, newHttpBatchRpcSession } from "capnweb";
import { streamChunk } from "./test-target.mjs";

globalThis.WebSocket ??= (await import("ws")).WebSocket;

const [transport, url] = process.argv.slice(2);
if (!["ws", "batch"].includes(transport) || !url) {
  console.error("usage: node js/client.mjs <ws|batch> <url>");
  process.exit(2);
}

/** Equality for every value type the wire carries. */
function same(a, b) {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a === "bigint" || typeof b === "bigint") return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof Error && b instanceof Error) return a.name === b.name && a.message === b.message;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

function show(v) {
  return JSON.stringify(v, (k, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? [...x] : x));
}

function expect(actual, expected, what) {
  if (!same(actual, expected)) {
    throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

function chunkList(n) {
  return Array.from({ length: n }, (_, i) => streamChunk(i));
}

function makeStream(n) {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < n) controller.enqueue(streamChunk(i++));
      else controller.close();
    },
  });
}

async function rejects(promise, check) {
  try {
    const v = await promise;
    throw new Error(`expected a rejection, got ${show(v)}`);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("expected a rejection")) throw e;
    check(e);
  }
}

/** The values echoed through returnNumber, each compared after the round trip. */
export const VALUES = {
  "integers": [0, 1, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 1234567890123],
  "floats": [0.1, -2.5, 1e300, 5e-324, 1.7976931348623157e308],
  "non-finite": [Infinity, -Infinity, NaN],
  "strings": ["", "plain", "unicode \u00e9\u4e2d\ud83d\ude00", "new\nline \"quoted\" \\ back", "\u2028\u2029\u0000"],
  "nested": { list: [1, [2, [3, [4]]]], object: { a: { b: { c: "deep" } } }, mixed: [{ x: [true, false] }] },
  "null vs undefined": [null, undefined, { a: null, b: undefined }],
  "bigint": [0n, 12345678901234567890123n, -42n],
  "dates": [new Date(0), new Date(1700000000123), new Date(-86400000)],
  "bytes": [new Uint8Array([]), new Uint8Array([0, 1, 2, 254, 255]), new Uint8Array(300).map((_, i) => i % 256)],
  "errors": [new RangeError("out of range"), new TypeError("wrong type"), new Error("plain")],
};

function scenarios(kind) {
  const list = {
    async "square"(open) {
      expect(await open().square(3), 9, "square(3)");
    },
    async "callSquare"(open) {
      const api = open();
      expect(await api.callSquare(api, 5), { result: 25 }, "callSquare(self, 5)");
    },
    async "throwError"(open) {
      await rejects(open().throwError(), (e) => {
        expect(e.name, "RangeError", "name");
        expect(e.message, "test error", "message");
      });
    },
    async "makeCounter"(open) {
      // Everything is asked for before the first await, so an HTTP batch carries it all.
      const c = open().makeCounter(4);
      const [incremented, value] = await Promise.all([c.increment(3), c.value]);
      expect(incremented, 7, "increment(3)");
      expect(value, 7, "value");
    },
    async "incrementCounter"(open) {
      const api = open();
      const c = api.makeCounter(10);
      expect(await api.incrementCounter(c, 5), 15, "incrementCounter(c, 5)");
    },
    async "generateFibonacci"(open) {
      expect(await open().generateFibonacci(10), [0, 1, 1, 2, 3, 5, 8, 13, 21, 34], "fib(10)");
    },
    async "returnNull"(open) {
      expect(await open().returnNull(), null, "returnNull()");
    },
    async "returnUndefined"(open) {
      expect(await open().returnUndefined(), undefined, "returnUndefined()");
    },
    async "returnNumber"(open) {
      expect(await open().returnNumber(42.5), 42.5, "returnNumber(42.5)");
    },
    async "javascript inputs"(open) {
      // The target's methods answer every input as the reference's TypeScript TestTarget does:
      // JavaScript arithmetic, default arguments, and undefined kept as undefined.
      const api = open();
      const c = api.makeCounter(10);
      const checks = [
        [api.square(1.5), 2.25, "square(1.5)"],
        [api.square(-3), 9, "square(-3)"],
        [api.square(2, 99), 4, "square(2, 99)"],
        [api.square("3"), 9, 'square("3")'],
        [api.square(2n), 4n, "square(2n)"],
        [api.square(null), 0, "square(null)"],
        [api.square(undefined), NaN, "square(undefined)"],
        [api.square(), NaN, "square()"],
        [api.callSquare(api, 1.5), { result: 2.25 }, "callSquare(self, 1.5)"],
        [api.returnNumber(undefined), undefined, "returnNumber(undefined)"],
        [api.returnNumber(), undefined, "returnNumber()"],
        [api.generateFibonacci(3.5), [0, 1, 1], "generateFibonacci(3.5)"],
        [api.generateFibonacci(-1), [0], "generateFibonacci(-1)"],
        [api.generateFibonacci("5"), [0, 1, 1, 2, 3], 'generateFibonacci("5")'],
        [api.generateFibonacci(), [0, 1], "generateFibonacci()"],
        [api.makeCounter(1.5).increment(0.25), 1.75, "makeCounter(1.5).increment(0.25)"],
        [api.makeCounter("a").increment(1), "a1", 'makeCounter("a").increment(1)'],
        [api.makeCounter().increment(), 1, "makeCounter().increment()"],
        [api.makeCounter(-2).value, -2, "makeCounter(-2).value"],
        [api.incrementCounter(c), 11, "incrementCounter(c)"],
        [api.incrementCounter(c, 0.5), 11.5, "incrementCounter(c, 0.5)"],
      ];
      const results = await Promise.all(checks.map(([p]) => p));
      checks.forEach(([, expected, what], i) => expect(results[i], expected, what));
    },
    async "values"(open) {
      const api = open();
      const names = Object.keys(VALUES);
      const results = await Promise.all(names.map((name) => api.returnNumber(VALUES[name])));
      names.forEach((name, i) => expect(results[i], VALUES[name], name));
    },
    async "pipelining"(open) {
      const api = open();
      const counter = api.makeCounter(2);
      const [squared, value] = await Promise.all([api.square(counter.increment(3)), api.makeCounter(6).value]);
      expect(squared, 25, "square(makeCounter(2).increment(3))");
      expect(value, 6, "makeCounter(6).value");
    },
    async "thousand concurrent calls"(open) {
      const api = open();
      const calls = [];
      for (let i = 0; i < 1000; i++) calls.push(api.square(i));
      const results = await Promise.all(calls);
      results.forEach((r, i) => expect(r, i * i, `square(${i})`));
    },
    async "map"(open) {
      // Recorded here by the real client as ["remap", ...]; the server applies it.
      const api = open();
      const counter = api.makeCounter(5);
      const [squares, nested, objects, single, none, captured] = await Promise.all([
        api.generateFibonacci(6).map((i) => api.square(i)),
        api.generateFibonacci(4).map((i) => api.generateFibonacci(i).map((j) => api.square(j))),
        api.generateFibonacci(3).map((i) => ({ n: i, sq: api.square(i) })),
        api.returnNumber(7).map((i) => api.square(i)),
        api.returnNull().map((i) => api.square(i)),
        api.generateFibonacci(3).map((i) => counter.increment(i)),
      ]);
      expect(squares, [0, 1, 1, 4, 9, 25], "fib(6).map(square)");
      expect(nested, [[], [0], [0], [0, 1]], "nested map");
      expect(objects, [{ n: 0, sq: 0 }, { n: 1, sq: 1 }, { n: 1, sq: 1 }], "map to objects");
      expect(single, 49, "map over a single value");
      expect(none, null, "map over null");
      expect(captured, [5, 6, 7], "map calling a captured counter");
    },
    async "nonexistent method"(open) {
      await rejects(open().noSuchMethod(1), (e) => {
        if (!(e instanceof Error)) throw new Error(`expected an Error, got ${show(e)}`);
      });
    },
  };
  if (kind === "ws") {
    // Streams need the peer to answer while they flow, which a batch cannot.
    list["stream from server"] = async (open) => {
      const chunks = [];
      for await (const chunk of await open().makeStream(1000)) chunks.push(chunk);
      expect(chunks, chunkList(1000), "makeStream(1000)");
    };
    list["stream to server"] = async (open) => {
      expect(await open().readAll(makeStream(1000)), chunkList(1000), "readAll(1,000 chunks)");
    };
    list["client writes to server sink"] = async (open) => {
      const api = open();
      const writer = (await api.makeSink()).getWriter();
      for (let i = 0; i < 1000; i++) await writer.write(streamChunk(i));
      await writer.close();
      expect(await api.sunk(), chunkList(1000), "what the server's sink took");
    };
    list["server writes to client sink"] = async (open) => {
      const taken = [];
      const sink = new WritableStream({ write: (chunk) => void taken.push(chunk) });
      expect(await open().writeTo(sink, 100), "done", "writeTo(sink, 100)");
      expect(taken, chunkList(100), "what the client's sink took");
    };
    list["echoBlob"] = async (open) => {
      const api = open();
      const big = new Uint8Array(1 << 20).map((_, i) => (i * 7) % 256);
      const [small, large, empty] = await Promise.all([
        api.echoBlob(new Blob(["hello blob"], { type: "text/plain" })),
        api.echoBlob(new Blob([big], { type: "application/octet-stream" })),
        api.echoBlob(new Blob([])),
      ]);
      expect(small instanceof Blob, true, "a Blob comes back");
      expect(small.type, "text/plain", "type");
      expect(await small.text(), "hello blob", "text");
      expect(large.type, "application/octet-stream", "big type");
      expect(new Uint8Array(await large.arrayBuffer()), big, "1 MiB of bytes");
      expect(empty.size, 0, "empty blob");
    };
    list["callFunction"] = async (open) => {
      const seen = [];
      const result = await open().callFunction((x) => {
        seen.push(x);
        return x * 2;
      }, 7);
      expect(result, { result: 14 }, "callFunction(x => x * 2, 7)");
      expect(seen, [7], "callback arguments");
    };
  }
  return list;
}

async function runWebSocket() {
  const ws = new WebSocket(url);
  const session = new RpcSession(new WebSocketTransport(ws));
  const api = session.getRemoteMain();
  const results = [];
  for (const [name, run] of Object.entries(scenarios("ws"))) {
    results.push(await report(name, () => run(() => api)));
  }
  results.push(await report("disposal", async () => {
    // A session of its own, so that the tables hold only what this scenario made.
    const own = new RpcSession(new WebSocketTransport(new WebSocket(url)));
    const main = own.getRemoteMain();
    const counter = await main.makeCounter(1);
    expect(await counter.increment(), 2, "increment()");
    counter[Symbol.dispose]();
    expect(await main.square(2), 4, "a call after the release");
    expect(own.getStats(), { imports: 1, exports: 1 }, "client tables after disposal");
    main[Symbol.dispose]();
  }));
  api[Symbol.dispose]();
  return results.every((ok) => ok);
}

async function runBatch() {
  const results = [];
  // A batch ends with its response, so each scenario has its own.
  for (const [name, run] of Object.entries(scenarios("batch"))) {
    let batch;
    results.push(await report(name, () => run(() => (batch ??= newHttpBatchRpcSession(url)))));
  }
  return results.every((ok) => ok);
}

async function report(name, run) {
  try {
    await run();
    console.log(JSON.stringify({ scenario: name, ok: true }));
    return true;
  } catch (e) {
    console.log(JSON.stringify({ scenario: name, ok: false, detail: String(e?.stack ?? e) }));
    return false;
  }
}

const ok = transport === "ws" ? await runWebSocket() : await runBatch();
process.exit(ok ? 0 : 1);
