// Records the frames the real capnweb 0.12.0 exchanges, client and server both TypeScript, for a
// few canonical scenarios. capnweb-java's interop tests run the same scenarios Java to Java and
// require the same frames, in the same order, from each side.
// Usage: node js/transcripts.mjs [OUTPUT]   (default: print to stdout)
import { writeFileSync } from "node:fs";
import { RpcSession } from "capnweb";
import { TestTarget } from "./test-target.mjs";

/** One end of an in-memory transport pair that records what it sends. */
class RecordingTransport {
  constructor(log) {
    this.log = log;
    this.queue = [];
    this.waiting = null;
  }
  send(message) {
    this.log.push(message);
    this.peer.deliver(message);
  }
  deliver(message) {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(message);
    } else {
      this.queue.push(message);
    }
  }
  receive() {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    return new Promise((resolve) => { this.waiting = resolve; });
  }
  abort() {}
}

async function settle(client, server) {
  // Let releases and resolutions finish: until both tables are back to their main entries.
  for (let i = 0; i < 1000; i++) {
    await new Promise((r) => setImmediate(r));
    const c = client.getStats();
    const s = server.getStats();
    if (c.imports === 1 && c.exports === 1 && s.imports === 1 && s.exports === 1) return;
  }
  throw new Error("sessions did not settle");
}

async function record(run) {
  const client = [];
  const server = [];
  const a = new RecordingTransport(client);
  const b = new RecordingTransport(server);
  a.peer = b;
  b.peer = a;
  const serverSession = new RpcSession(b, new TestTarget());
  const clientSession = new RpcSession(a);
  const api = clientSession.getRemoteMain();
  await run(api);
  await settle(clientSession, serverSession);
  return { client, server };
}

const scenarios = {
  "pipelined chain": async (api) => {
    const counter = api.makeCounter(2);
    const incremented = counter.increment(3);
    const squared = api.square(incremented);
    if ((await squared) !== 25) throw new Error("wrong result");
    counter[Symbol.dispose]();
    incremented[Symbol.dispose]();
  },
  "callback": async (api) => {
    const fn = (x) => x * 2;
    const result = await api.callFunction(fn, 7);
    if (result.result !== 14) throw new Error("wrong result");
  },
  "release after resolve": async (api) => {
    if ((await api.square(3)) !== 9) throw new Error("wrong result");
  },
  "stub returned and disposed": async (api) => {
    const counter = await api.makeCounter(5);
    if ((await counter.increment(1)) !== 6) throw new Error("wrong result");
    counter[Symbol.dispose]();
  },
  "error": async (api) => {
    try {
      await api.throwError();
      throw new Error("no error");
    } catch (e) {
      if (e.name !== "RangeError") throw e;
    }
  },
};

const out = { generator: "interop/js/transcripts.mjs", capnweb: "0.12.0", scenarios: {} };
for (const [name, run] of Object.entries(scenarios)) {
  out.scenarios[name] = await record(run);
}
const text = JSON.stringify(out, null, 2) + "\n";
if (process.argv[2]) writeFileSync(process.argv[2], text);
else process.stdout.write(text);
