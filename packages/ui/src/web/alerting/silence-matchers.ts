// Silence matchers as Alertmanager's UI types them: `alertname="HighErrors", service=~"api|web"`.
import type { SilenceMatcher } from './alerting-api.js';

const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^,"\s]*))\s*(?:,|$)/y;

/** The matchers of `text`; throws with the place it stops making sense. */
export function parseMatchers(text: string): SilenceMatcher[] {
  const body = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  const out: SilenceMatcher[] = [];
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < body.length) {
    const at = MATCHER.lastIndex;
    const m = MATCHER.exec(body);
    if (!m) throw new Error(`bad matcher at “${body.slice(at).trim()}”: expected name="value" (or =~, !=, !~)`);
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4]!;
    out.push({ name: m[1]!, value, isRegex: m[2]!.includes('~'), isEqual: !m[2]!.startsWith('!') });
  }
  if (out.length === 0) throw new Error('at least one matcher is needed, e.g. alertname="HighErrors"');
  return out;
}

export function formatMatcher(m: SilenceMatcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}
