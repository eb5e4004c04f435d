// The agent's thread (see main.ts): runs `logi agent` with the arguments it was given until the main thread says stop.
import { parentPort, workerData } from 'node:worker_threads';
import { runAgent } from './run.js';

const port = parentPort!;
const stop = new Promise<string>((resolve) => port.once('message', (m: { stop: string }) => resolve(m.stop)));
process.exitCode = await runAgent((workerData as { args: string[] }).args, stop);
port.close(); // nothing more to hear: let the thread end
