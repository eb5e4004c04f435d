// The CPU time the calling thread has used, so that the miner's budget counts its work and not the time it
// waited for a core on a busy machine. Linux reports it per thread; elsewhere wall time stands in.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux the project runs on

function fromProc(): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

const procWorks = fromProc() !== undefined;

/** Milliseconds of CPU this thread has used (10 ms resolution), or of wall time where that is not known. */
export function threadCpuMs(): number {
  return (procWorks ? fromProc() : undefined) ?? performance.now();
}
