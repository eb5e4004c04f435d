import { createServer, type Server } from 'node:http';
import { listenFailureLine } from '@logi/protocol';
import type { Metrics } from './metrics.js';

/** Parses HOST:PORT (IPv6 hosts in brackets). */
export function parseListenAddr(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
  if (!m) throw new Error(`invalid listen address ${JSON.stringify(addr)}: expected HOST:PORT`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port: Number(m[3]) };
}

/** Serves /metrics (Prometheus text) and /ready (200 once the agent runs, 503 before and while stopping). */
export async function startHttpServer(addr: string, metrics: Metrics, ready: () => boolean): Promise<Server> {
  const { host, port } = parseListenAddr(addr);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(metrics.render());
    } else if (path === '/ready' || path === '/-/ready') {
      const ok = ready();
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' });
      res.end(ok ? 'Ready\n' : 'Not ready\n');
    } else if (path === '/-/healthy') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('Healthy\n');
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found: try /metrics or /ready\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(listenFailure(addr, e))));
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  return server;
}

/** Why the address cannot be listened on, in one line that names the flag to change. */
function listenFailure(addr: string, e: NodeJS.ErrnoException): string {
  const otherAddress = '-server.http.listen-addr=HOST:PORT picks another';
  return listenFailureLine(`listen ${addr}`, e, {
    inUse: 'is another logi agent (or Alloy, Promtail) running? Each agent needs its own -server.http.listen-addr=HOST:PORT and -storage.path=DIR',
    otherPort: otherAddress, otherAddress,
  });
}
