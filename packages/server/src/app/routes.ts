import { HttpError } from '../api/http-error.js';
import type { Handler } from './http.js';

/** One entry of the route table. `:name` in a path captures one segment into ctx.pathParams. */
export interface Route {
  methods: readonly string[];
  path: string;
  handler: Handler;
}

interface Compiled {
  path: string;
  methods: ReadonlySet<string>;
  exact?: string;
  pattern?: RegExp;
  handler: Handler;
}

/** A path segment, %-decoded; a malformed escape is the client's error (400), as in Go's net/http. */
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, `invalid URL escape ${JSON.stringify(s)}`);
  }
}

/** Matches a request to the route table: the one place that answers "where is route X?". */
export class Router {
  #exact = new Map<string, Compiled>();
  #patterns: Compiled[] = [];

  constructor(routes: readonly Route[]) {
    for (const r of routes) {
      const c: Compiled = { path: r.path, methods: new Set(r.methods), handler: r.handler };
      if (r.path.includes(':')) {
        c.pattern = new RegExp('^' + r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[a-z]+/g, '([^/]+)') + '$');
        this.#patterns.push(c);
      } else {
        this.#exact.set(r.path, c);
      }
    }
  }

  /** The route's path, handler and captured segments, 'method' when the path exists under other methods, or undefined (404). */
  match(method: string, path: string): { route: string; handler: Handler; params: string[] } | 'method' | undefined {
    const exact = this.#exact.get(path);
    if (exact) return exact.methods.has(method) ? { route: exact.path, handler: exact.handler, params: [] } : 'method';
    for (const c of this.#patterns) {
      const m = c.pattern!.exec(path);
      if (!m) continue;
      if (!c.methods.has(method)) return 'method';
      return { route: c.path, handler: c.handler, params: m.slice(1).map(decodeSegment) };
    }
    return undefined;
  }
}
