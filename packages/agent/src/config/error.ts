import { closestName } from '@logi/protocol';

/** Where a config value came from, printed as `file:line:col` in every config error. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** A configuration problem found before anything runs; the message starts with file:line:col when known. */
export class ConfigError extends Error {
  readonly pos: SourcePos | undefined;
  constructor(message: string, pos?: SourcePos) {
    super(pos ? `${formatPos(pos)}: ${message}` : message);
    this.pos = pos;
  }
}

/** The end of an "unrecognized" error: the likely intended name, else every known one. */
export function knownNames(name: string, known: readonly string[]): string {
  const near = closestName(name, known);
  return near === undefined ? `known: ${known.join(', ')}` : `did you mean "${near}"?`;
}
