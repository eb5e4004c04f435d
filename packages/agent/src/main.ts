import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';

/**
 * V8's young generation of the agent's thread. By default each semi-space grows to 16 MiB, which the
 * tailer's steady allocation always reaches: a third of the agent's memory. Lines are short-lived (they
 * are protobuf bytes once a batch holds them), so a small one costs no measurable extra GC time.
 */
const YOUNG_GENERATION_MB = 6;
/**
 * A ceiling far above what the agent holds (its read-ahead is bounded), set because V8 grows the old
 * generation by a smaller factor under a smaller ceiling: peak memory fell by about 10 MB.
 */
const OLD_GENERATION_MB = 512;

/**
 * `logi agent ...`: the agent runs in a worker thread, because heap limits can be set per thread in
 * process (Node flags only at process start). The main thread only turns SIGINT/SIGTERM into a stop
 * request and exits with the agent's status; a SIGKILL still ends both at once.
 */
export async function main(args: string[]): Promise<void> {
  // Read when an isolate is created, so it holds for the worker's: optimizing compiles then run on the
  // agent's thread instead of helper threads, whose malloc arenas kept ~5 MB after each burst of compiling.
  setFlagsFromString('--no-concurrent-recompilation');
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { args },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB },
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
