// Runs bench/push.js in its own process and resolves with the JSON line it prints (see push.js for the fields).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** { url, pid, lines, batch, concurrency, startNs, hours }: the server, its pid (for its CPU time) and the workload. */
export function runPusher({ url, pid, lines, batch, concurrency, startNs, hours }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./push.js', import.meta.url)), '--url', url, '--lines', String(lines), '--batch', String(batch),
      '--concurrency', String(concurrency), '--start-ns', String(startNs), '--hours', String(hours), '--pid', String(pid)],
    { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`push.js exited with ${code}`))));
  });
}
