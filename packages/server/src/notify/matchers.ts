// Alertmanager's label matchers (`name="value"`, `!=`, `=~`, `!~`), shared by routes and silences. A
// regular expression is anchored at both ends, as in Alertmanager.

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
  /** set for =~ and !~ */
  regexp?: RegExp;
}

export class MatcherError extends Error {}

export function makeMatcher(name: string, type: MatchType, value: string): Matcher {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw new MatcherError(`invalid label name ${JSON.stringify(name)}`);
  if (type !== '=~' && type !== '!~') return { name, type, value };
  try {
    return { name, type, value, regexp: new RegExp(`^(?:${value})$`, 'su') };
  } catch (e) {
    throw new MatcherError(`invalid regular expression ${JSON.stringify(value)}: ${(e as Error).message}`);
  }
}

/** One matcher as written in a route's `matchers` list: `severity="page"`, `team=~"db|web"`; quotes optional, but a quote makes the value a whole quoted string. */
export function parseMatcher(text: string): Matcher {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s.exec(text);
  if (!m) throw new MatcherError(`bad matcher format: ${text}`);
  let value = m[3]!;
  if (value.includes('"')) {
    try {
      value = JSON.parse(value) as string;
    } catch {
      throw new MatcherError(`bad matcher format: ${text}`);
    }
  }
  return makeMatcher(m[1]!, m[2] as MatchType, value);
}

/** Whether a label set satisfies one matcher (an absent label is the empty string). */
export function matches(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.type) {
    case '=': return v === m.value;
    case '!=': return v !== m.value;
    case '=~': return m.regexp!.test(v);
    case '!~': return !m.regexp!.test(v);
  }
}

export const matchesAll = (ms: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean => ms.every((m) => matches(m, labels));
