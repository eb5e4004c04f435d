// The worker thread that mines patterns, so that mining costs the push path only the hand-over of its lines.
import { parentPort, workerData } from 'node:worker_threads';
import { mergePatterns } from './merge-patterns.js';
import { PatternMiner, type PatternMinerOptions } from './pattern-miner.js';
import type { ToMiner } from './pattern-tee.js';
import { threadCpuMs } from './thread-cpu.js';

const miner = new PatternMiner(workerData as PatternMinerOptions);
let reportedCpuMs = threadCpuMs();

parentPort!.on('message', (m: ToMiner) => {
  if (m.type === 'lines') {
    miner.observe(m.tenant, m.streams);
    // CPU used since the last report: reading it and answering are part of the cost too
    const cpu = threadCpuMs();
    parentPort!.postMessage({ type: 'mined', lines: m.lines, busyMs: cpu - reportedCpuMs });
    reportedCpuMs = cpu;
  } else {
    const series = mergePatterns(miner.select(m.tenant, m.matchers, m.fromMs, m.throughMs, m.stepMs));
    parentPort!.postMessage({ type: 'patterns', id: m.id, series });
  }
});
