// Where a command writes: its output on stdout, notes and errors on stderr; colors decided once.
import { once } from 'node:events';
import { colorWanted, paletteFor, type Palette } from './colors.js';

export interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly palette: Palette;
  write(text: string): void;
  warn(text: string): void;
  /** Resolves when stdout has taken what was written, so a long query does not pile up in memory. */
  drained(): Promise<void>;
}

export function processIo(): Io {
  // A reader that stops early (`logi query ... | head`) ends the command quietly, as SIGPIPE would.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  return {
    env: process.env,
    palette: paletteFor(colorWanted(process.stdout, process.env)),
    write: (text) => { process.stdout.write(text); },
    warn: (text) => { process.stderr.write(text); },
    drained: async () => { if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain'); },
  };
}
