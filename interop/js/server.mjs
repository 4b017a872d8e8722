// The reference's test server: HTTP batch and WebSocket on one port, any path, a fresh
// TestTarget per batch request and per WebSocket connection.
// Usage: node js/server.mjs [PORT]   (prints "LISTENING <port>" when ready)
import http from "node:http";
import { WebSocketServer } from "ws";
import { newWebSocketRpcSession, nodeHttpBatchRpcResponse } from "capnweb";
import { TestTarget } from "./test-target.mjs";

// Node 20 has no global WebSocket; capnweb's transport checks readyState against it.
globalThis.WebSocket ??= (await import("ws")).WebSocket;

const port = Number(process.argv[2] ?? 0);
const server = http.createServer((req, res) => {
  nodeHttpBatchRpcResponse(req, res, new TestTarget(), {
    headers: { "Access-Control-Allow-Origin": "*" },
  }).catch((err) => {
    // The reference leaves a failed batch unanswered; answer it so a test never hangs on it.
    if (!res.headersSent) {
      res.writeHead(500, { "Content-Type": "text/plain" });
    }
    res.end(String(err?.message ?? err));
  });
});
const wss = new WebSocketServer({ server });
wss.on("connection", (ws) => {
  newWebSocketRpcSession(ws, new TestTarget());
});
server.listen(port, "127.0.0.1", () => {
  console.log(`LISTENING ${server.address().port}`);
});
