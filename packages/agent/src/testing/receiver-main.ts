// A push receiver as its own process (so tests can stop and restart "the server"): appends every
// received entry to a JSON-lines file. Usage: node receiver-main.js PORT OUT_FILE
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { decodePushSnappyProtobuf } from '@logi/protocol';

const [port, out] = process.argv.slice(2);
const server = createServer((req, res) => {
  if (req.method === 'GET') return void res.writeHead(200).end('ready');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let text = '';
    try {
      for (const s of decodePushSnappyProtobuf(Buffer.concat(chunks))) {
        const labels = Object.fromEntries(s.labels);
        for (const e of s.entries) text += JSON.stringify({ labels, ts: e.ts.toString(), line: e.line }) + '\n';
      }
    } catch (e) {
      return void res.writeHead(400).end((e as Error).message);
    }
    appendFileSync(out!, text);
    res.writeHead(204).end();
  });
});
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
