import { createServer, type Server } from 'node:http';
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
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
