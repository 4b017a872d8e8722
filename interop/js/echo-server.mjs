// The transport's ceiling on the Node side, for benchmarks/, on the same stack as js/server.mjs
// (node:http + ws): a WebSocket echo (one text frame in, the same frame out) and an HTTP echo (a
// POST answered with its own body).
// Usage: node js/echo-server.mjs [PORT]   (prints "LISTENING <port>" when ready)
import http from "node:http";
import { WebSocketServer } from "ws";

const server = http.createServer((req, res) => {
  if (req.method !== "POST") {
    res.writeHead(404);
    res.end();
    return;
  }
  const parts = [];
  req.on("data", (part) => parts.push(part));
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/plain;charset=UTF-8" });
    res.end(Buffer.concat(parts));
  });
});
const wss = new WebSocketServer({ server });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(`LISTENING ${server.address().port}`);
});
