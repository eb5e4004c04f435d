// Log levels as Grafana reads and colours them: from a level label first, else the first level word in the line.
import type { Labels } from '../api/loki.js';

export type LogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug' | 'trace' | 'unknown';

/** Grafana's LogLevelColor (its classic palette); unknown is grey. */
export const LEVEL_COLORS: Record<LogLevel, string> = {
  critical: '#705DA0', error: '#E24D42', warning: '#EAB839', info: '#7EB26D', debug: '#1F78C1', trace: '#6ED0E0', unknown: '#8E8E8E',
};

/** Drawn bottom to top in the volume histogram, as Grafana stacks them. */
export const LEVEL_ORDER: readonly LogLevel[] = ['critical', 'error', 'warning', 'info', 'debug', 'trace', 'unknown'];

const KEYS: Record<string, LogLevel> = {
  emerg: 'critical', fatal: 'critical', alert: 'critical', crit: 'critical', critical: 'critical',
  err: 'error', eror: 'error', error: 'error',
  warn: 'warning', warning: 'warning',
  info: 'info', information: 'info', informational: 'info', notice: 'info',
  dbug: 'debug', debug: 'debug',
  trace: 'trace',
};

export function levelFromKey(key: string | undefined): LogLevel {
  return (key && KEYS[key.toLowerCase()]) || 'unknown';
}

const LEVEL_WORD = /\b(emerg|fatal|alert|crit|critical|err|eror|error|warn|warning|info|information|informational|notice|dbug|debug|trace)\b/i;

export function levelOf(labels: Labels, line: string): LogLevel {
  const key = labels.level ?? labels.lvl ?? labels.detected_level ?? labels.severity;
  if (key !== undefined) return levelFromKey(key);
  return levelFromKey(LEVEL_WORD.exec(line)?.[1]);
}
