import { extractedOf, valueToString } from './entry.js';
import type { StageDef } from './stage.js';
import { timeParser, type TimeParser } from './time-format.js';

/**
 * stage.timestamp: sets the entry time from an extracted value. On failure, "fudge" (the default)
 * uses the stream's last parsed time plus 1ns so order is kept; "skip" keeps the read time.
 */
export const timestampStage: StageDef = {
  name: 'timestamp',
  attrs: ['source', 'format', 'fallback_formats', 'location', 'action_on_failure'],
  build(args) {
    const source = args.requireString('source');
    const format = args.requireString('format');
    const location = args.string('location');
    const action = args.string('action_on_failure', 'fudge');
    if (action !== 'fudge' && action !== 'skip') throw args.error('action_on_failure', `${args.what}: action_on_failure must be "fudge" or "skip"`);
    if (location !== undefined) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: location });
      } catch {
        throw args.error('location', `${args.what}: unknown time zone ${JSON.stringify(location)}`);
      }
    }
    const parsers: TimeParser[] = [];
    for (const [name, f] of [['format', format], ...(args.list('fallback_formats') ?? []).map((x) => ['fallback_formats', x] as const)] as const) {
      try {
        parsers.push(timeParser(f, location));
      } catch (e) {
        throw args.error(name, `${args.what}: ${(e as Error).message}`);
      }
    }
    const last = new Map<string, bigint>();
    return (next) => ({
      push(e) {
        const text = valueToString(extractedOf(e)[source]);
        let ts: bigint | undefined;
        if (text !== undefined) for (const p of parsers) if ((ts = p(text)) !== undefined) break;
        if (action === 'fudge') {
          const key = e.labels.key;
          if (ts === undefined) {
            const prev = last.get(key);
            if (prev !== undefined) ts = prev + 1n;
          }
          if (ts !== undefined) {
            if (!last.has(key) && last.size >= 10_000) last.clear(); // bounded: streams come and go
            last.set(key, ts);
          }
        }
        if (ts !== undefined) e.ts = ts;
        next(e);
      },
    });
  },
};
