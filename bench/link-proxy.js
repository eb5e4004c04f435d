#!/usr/bin/env node
// A network link for benchmarks on one machine: a TCP proxy on 127.0.0.1 in front of a server (the bench's S3)
// that delays each direction by half the round trip and paces what the server sends at the link's rate, one rate
// shared by every connection (one link, as a node's link to S3). Over loopback every read is limited by CPU;
// through this proxy it can be told whether a cold scan keeps up with a link of a given latency and bandwidth.
// Run as its own process, so that its CPU is not the bench's: it prints its port, and stops with its parent.
// Usage: node bench/link-proxy.js --to PORT --rtt-ms 20 --mbit 1000
import net from 'node:net';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const TO = Number(args.to);
const ONE_WAY_MS = Number(args['rtt-ms'] ?? 20) / 2;
const BYTES_PER_MS = (Number(args.mbit ?? 1000) * 1e6) / 8 / 1000;

/** When the link has sent everything queued so far (ms, performance.now()). */
let linkFreeAt = 0;

/** One direction of a connection: bytes leave in order, each at its due time (one timer at a time keeps the order). */
function direction(to) {
  const queue = [];
  let timer;
  const pump = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0].at <= now) {
      const { bytes, end } = queue.shift();
      if (end) to.end();
      else to.write(bytes);
    }
    if (queue.length > 0) timer = setTimeout(pump, queue[0].at - now);
  };
  let last = 0;
  return (at, bytes, end = false) => {
    last = Math.max(last, at);
    queue.push({ at: last, bytes, end });
    if (timer === undefined) timer = setTimeout(pump, Math.max(0, last - performance.now()));
  };
}

const server = net.createServer((client) => {
  const upstream = net.connect(TO, '127.0.0.1');
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  const up = direction(upstream);
  const down = direction(client);
  // requests are small: only delayed
  client.on('data', (d) => up(performance.now() + ONE_WAY_MS, d));
  client.on('end', () => up(performance.now() + ONE_WAY_MS, undefined, true));
  upstream.on('data', (d) => {
    linkFreeAt = Math.max(linkFreeAt, performance.now()) + d.length / BYTES_PER_MS;
    down(linkFreeAt + ONE_WAY_MS, d);
  });
  upstream.on('end', () => down(linkFreeAt + ONE_WAY_MS, undefined, true));
  const drop = () => { client.destroy(); upstream.destroy(); };
  client.on('error', drop);
  upstream.on('error', drop);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0)); // the parent went away
