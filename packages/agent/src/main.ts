import { Worker } from 'node:worker_threads';

/**
 * V8's young generation of the agent's thread. The default lets each semi-space grow to 16 MiB, which
 * the tailer's steady allocation always reaches: a third of the agent's memory. Lines are short-lived
 * (they are protobuf bytes by the time a batch holds them), so a small one costs little extra GC.
 */
const YOUNG_GENERATION_MB = 6;

/**
 * `logi agent ...`: the agent runs in a worker thread, because heap limits can be set per thread in
 * process (Node flags only at process start). The main thread only turns SIGINT/SIGTERM into a stop
 * request and exits with the agent's status; a SIGKILL still ends both at once.
 */
export async function main(args: string[]): Promise<void> {
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { args },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    worker.postMessage({ stop: signal });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const status = await new Promise<number>((resolve) => {
    worker.on('error', (e) => process.stderr.write(`logi agent: ${e.stack ?? String(e)}\n`));
    worker.on('exit', resolve);
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.exitCode = status;
}
