/** The agent's own log: logfmt lines on stderr, as Alloy and Promtail print them. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };
let threshold: LogLevel = 'info';

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

function fmt(v: unknown): string {
  const s = v instanceof Error ? v.message : String(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

export function log(level: LogLevel, msg: string, fields: Readonly<Record<string, unknown>> = {}): void {
  if (RANK[level] < RANK[threshold]) return;
  let line = `ts=${new Date().toISOString()} level=${level} msg=${fmt(msg)}`;
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) line += ` ${k}=${fmt(v)}`;
  process.stderr.write(line + '\n');
}
