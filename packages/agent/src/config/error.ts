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
