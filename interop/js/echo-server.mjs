// The transport's ceiling on the Node side, for benchmarks/: a plain WebSocket echo on the same
// stack as js/server.mjs (node:http + ws), one text frame in, the same frame out.
// Usage: node js/echo-server.mjs [PORT]   (prints "LISTENING <port>" when ready)
import http from "node:http";
import { WebSocketServer } from "ws";

const server = http.createServer((req, res) => {
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(`LISTENING ${server.address().port}`);
});
