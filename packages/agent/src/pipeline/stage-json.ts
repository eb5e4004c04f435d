import type Jmespath from 'jmespath';
import { createRequire } from 'node:module';
import { extractedOf } from './entry.js';
import type { StageDef } from './stage.js';

const SIMPLE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Compiles a JMESPath expression; plain dotted paths (the common case) skip the generic interpreter. */
function compile(expr: string): (doc: unknown) => unknown {
  if (SIMPLE_PATH.test(expr)) {
    const keys = expr.split('.');
    return (doc) => {
      let v = doc;
      for (const k of keys) {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
        v = (v as Record<string, unknown>)[k];
      }
      return v;
    };
  }
  // loaded only when needed, and through require: importing it as ESM cost the agent 4 MB of memory even unused
  const { search } = createRequire(import.meta.url)('jmespath') as typeof Jmespath;
  search({}, expr); // throws on a syntax error, before anything runs
  return (doc) => search(doc, expr) as unknown;
}

/** stage.json: parses the line (or an extracted value) as JSON and extracts values with JMESPath expressions. */
export const jsonStage: StageDef = {
  name: 'json',
  attrs: ['expressions', 'source', 'drop_malformed'],
  build(args, ctx) {
    const expressions = args.map('expressions');
    if (!expressions || Object.keys(expressions).length === 0) throw args.error('expressions', `${args.what}: "expressions" must name at least one value`);
    const getters: [string, (doc: unknown) => unknown][] = [];
    for (const [key, expr] of Object.entries(expressions)) {
      try {
        getters.push([key, compile(expr === '' ? key : expr)]);
      } catch (e) {
        throw args.error('expressions', `${args.what}: invalid JMESPath expression for "${key}": ${(e as Error).message}`);
      }
    }
    const source = args.string('source');
    const dropMalformed = args.bool('drop_malformed', false);
    return (next) => ({
      push(e) {
        let text: unknown = e.line;
        if (source !== undefined) {
          text = extractedOf(e)[source];
          if (typeof text !== 'string') return next(e);
        }
        let doc: unknown;
        try {
          doc = JSON.parse(text as string);
        } catch {
          doc = undefined;
        }
        if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
          if (dropMalformed) return ctx.drop(e, 'malformed_json');
          return next(e);
        }
        const extracted = extractedOf(e);
        for (const [key, get] of getters) {
          const v = get(doc);
          if (v !== undefined && v !== null) extracted[key] = v;
        }
        next(e);
      },
    });
  },
};
