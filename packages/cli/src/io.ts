// Where a command writes: its output on stdout, notes and errors on stderr; colors decided once.
import { colorWanted, paletteFor, type Palette } from './colors.js';

export interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly palette: Palette;
  write(text: string): void;
  warn(text: string): void;
}

export function processIo(): Io {
  return {
    env: process.env,
    palette: paletteFor(colorWanted(process.stdout, process.env)),
    write: (text) => { process.stdout.write(text); },
    warn: (text) => { process.stderr.write(text); },
  };
}
