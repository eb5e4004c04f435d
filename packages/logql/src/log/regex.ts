// Compiling user regexes on RE2 (Go's regexp dialect) with Go-style error text.
import RE2 from 're2';
import { StageError } from './stage.js';

/** Compiles `source` as Go would; failures become StageError `error parsing regexp: …`. */
export function compileRegex(source: string): RE2 {
  try {
    return new RE2(source, 'u');
  } catch (e) {
    throw new StageError(goRegexError(e, source));
  }
}

/** RE2's C++ text (`missing ): (`) in Go's wording (`error parsing regexp: missing closing ): \`(\``). */
function goRegexError(e: unknown, source: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /^(.*?): (.*)$/s.exec(msg);
  if (m === null) return `error parsing regexp: ${msg}: \`${source}\``;
  const code = m[1] === 'missing )' ? 'missing closing )' : m[1]!;
  return `error parsing regexp: ${code}: \`${m[2]}\``;
}

/** Go's full-match form used by label matchers: `^(?:re)$`. */
export function compileAnchored(source: string): RE2 {
  try {
    return new RE2(`^(?:${source})$`, 'u');
  } catch (e) {
    throw new StageError(goRegexError(e, source));
  }
}
