// Baseline for the receiver benchmark: the floor, the least code that does what SPEC requires of a
// receiver. Read the body, JSON.parse it, append one NDJSON record (receivedAt, method, path, headers,
// the base64 body and the parsed body) to FILE, the lines of one event-loop turn in one write, and
// answer each request only after its line is written.   node floor-receiver.mjs FILE [PORT]
import { openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import { floorLine } from './floor-line.mjs';

const fd = openSync(process.argv[2], 'a');
let lines = [];
let waiting = [];
const flush = () => {
  const data = Buffer.from(lines.join(''));
  for (let at = 0; at < data.length; ) at += writeSync(fd, data, at);
  for (const res of waiting) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  lines = [];
  waiting = [];
};
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    lines.push(floorLine(req, Buffer.concat(chunks)));
    if (waiting.push(res) === 1) setImmediate(flush);
  });
});
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => process.stderr.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
