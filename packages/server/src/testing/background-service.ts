// Stopping a test service that a scripts/services/*-start.sh left running in the background.
import { rmSync } from 'node:fs';

/** Signals the process, waits (up to 5 s) until it is gone, then removes its scratch directory. */
export async function stopBackgroundService(pid: number, dir: string): Promise<void> {
  try {
    process.kill(pid);
    for (let i = 0; i < 100; i++) {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch {
    // gone
  }
  rmSync(dir, { recursive: true, force: true });
}
