// The worker thread that mines patterns, so that mining costs the push path only the hand-over of its lines.
import { parentPort, workerData } from 'node:worker_threads';
import { mergePatterns } from './merge-patterns.js';
import { PatternMiner, type PatternMinerOptions } from './pattern-miner.js';
import type { ToMiner } from './pattern-tee.js';

const miner = new PatternMiner(workerData as PatternMinerOptions);

parentPort!.on('message', (m: ToMiner) => {
  if (m.type === 'lines') {
    const t0 = performance.now();
    miner.observe(m.tenant, m.streams, m.keys);
    parentPort!.postMessage({ type: 'mined', lines: m.lines, busyMs: performance.now() - t0 });
  } else {
    const series = mergePatterns(miner.select(m.tenant, m.matchers, m.fromMs, m.throughMs, m.stepMs));
    parentPort!.postMessage({ type: 'patterns', id: m.id, series });
  }
});
