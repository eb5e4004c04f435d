// ANSI colors for a terminal: on when stdout is a TTY and NO_COLOR is unset; FORCE_COLOR=1 turns
// them on anywhere and FORCE_COLOR=0 off. Labels get one of logcli's ten colors by an FNV-1 hash
// of their text, so a stream keeps its color.

const LABEL_COLORS = [96, 36, 92, 32, 95, 35, 93, 33, 91, 31];
const BLUE = 34;
const RED = 31;
const YELLOW = 33;
const GREEN = 32;
const GRAY = 90;

/** `level=error`, `"level":"warn"`, `lvl=info`, `severity=DEBUG` in a log line. */
const LEVEL_IN_LINE = /"?\b(?:level|lvl|severity)"?\s*[=:]\s*"?([A-Za-z]+)"?/i;

export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env['FORCE_COLOR'] !== undefined) return env['FORCE_COLOR'] !== '0';
  return stream.isTTY === true && env['NO_COLOR'] === undefined;
}

export interface Palette {
  /** Timestamps and names (blue, as logcli prints them). */
  accent(text: string): string;
  labels(text: string): string;
  /** The line with its level (if it names one) colored by severity. */
  line(text: string): string;
  header(text: string): string;
}

const paint = (code: number, text: string): string => `\x1b[${code}m${text}\x1b[0m`;

function fnv1(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text)) hash = (Math.imul(hash, 0x01000193) ^ byte) >>> 0;
  return hash;
}

function levelColor(level: string): number | undefined {
  switch (level.toLowerCase()) {
    case 'fatal': case 'panic': case 'critical': case 'crit': case 'emerg': case 'alert': case 'error': case 'err': case 'eror':
      return RED;
    case 'warn': case 'warning': case 'wrn':
      return YELLOW;
    case 'info': case 'inf': case 'notice':
      return GREEN;
    case 'debug': case 'dbg': case 'trace':
      return GRAY;
    default:
      return undefined;
  }
}

const COLORED: Palette = {
  accent: (text) => paint(BLUE, text),
  labels: (text) => paint(LABEL_COLORS[fnv1(text) % LABEL_COLORS.length]!, text),
  line: (text) => {
    const m = LEVEL_IN_LINE.exec(text);
    const code = m ? levelColor(m[1]!) : undefined;
    if (!m || code === undefined) return text;
    return text.slice(0, m.index) + paint(code, m[0]) + text.slice(m.index + m[0].length);
  },
  header: (text) => paint(RED, text),
};

const identity = (text: string): string => text;
const PLAIN: Palette = { accent: identity, labels: identity, line: identity, header: identity };

export function paletteFor(colored: boolean): Palette {
  return colored ? COLORED : PLAIN;
}
