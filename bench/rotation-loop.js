#!/usr/bin/env node
// Runs the agent's randomized rotation test (packages/agent/dist/e2e/rotation-model.test.js) many times
// with a random seed each, some at once, next to busy CPU burners: the load under which lines were once
// read twice. Prints each failing seed with the lines it doubled or missed, then the counts.
// Usage (after `npm run build`): node bench/rotation-loop.js [--runs 30] [--parallel 3] [--burners 2] [--seed N]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const RUNS = Number(args.runs ?? 30);
const PARALLEL = Number(args.parallel ?? 3);
const BURNERS = Number(args.burners ?? 2);
const TEST = fileURLToPath(new URL('../packages/agent/dist/e2e/rotation-model.test.js', import.meta.url));

/** One run of the test; resolves with its seed, whether it passed, and the test's own account of the difference. */
function runOnce(seed) {
  return new Promise((resolve) => {
    // its own process group, so a run killed below takes its agent and receiver with it
    const child = spawn(process.execPath, ['--test', TEST], { env: { ...process.env, LOGI_MODEL_SEED: String(seed) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // a run whose test timed out can linger in its waits: its report is out by then
    const limit = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 180_000);
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ seed, ok: code === 0, detail: /doubled n=\[[^\]]*\] missing n=\[[^\]]*\]/.exec(out)?.[0] ?? out.slice(-400) });
    });
  });
}

const burners = Array.from({ length: BURNERS }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
let started = 0;
let failed = 0;
let doubled = 0;
let missing = 0;
try {
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (started < RUNS) {
      started++;
      const r = await runOnce(args.seed !== undefined ? Number(args.seed) : Math.floor(Math.random() * 100_000));
      if (r.ok) continue;
      failed++;
      const count = (name) => (new RegExp(`${name} n=\\[([^\\]]*)\\]`).exec(r.detail)?.[1] ?? '').split(',').filter(Boolean).length;
      doubled += count('doubled');
      missing += count('missing');
      console.log(`seed ${r.seed} failed: ${r.detail.slice(0, 600)}`);
    }
  }));
} finally {
  for (const b of burners) b.kill('SIGKILL');
}
console.log(`rotation model: ${RUNS} runs (${PARALLEL} at once, ${BURNERS} CPU burners), ${failed} failed, ${doubled} lines doubled, ${missing} lines missing`);
process.exitCode = failed ? 1 : 0;
