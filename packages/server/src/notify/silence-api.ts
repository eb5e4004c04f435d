// Alertmanager's v2 silence API on its own paths (Loki has no /api/v2): POST /api/v2/silences creates or
// updates, GET /api/v2/silences lists (with ?filter= matchers over the silences' own matchers, as
// Alertmanager), GET /api/v2/silence/{id} reads and DELETE /api/v2/silence/{id} expires. Errors are
// Alertmanager's: a JSON string body with 400, 404 or 500.
import { readBody } from '../api/body.js';
import { json, type Handler, type Reply } from '../app/http.js';
import { parseMatcher } from './matchers.js';
import { silenceState, SilenceError, type Silence, type SilenceMatcher, type Silences } from './silences.js';

const shown = (s: Silence, nowMs: number): Record<string, unknown> => ({ ...s, status: { state: silenceState(s, nowMs) } });

async function handle(run: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SilenceError) return json(JSON.stringify(e.message), e.status);
    throw e;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the posted body's shape (Alertmanager's postableSilence); what it means is checked by Silences. */
function postable(body: unknown): Parameters<Silences['upsert']>[0] {
  if (!isObject(body)) throw new SilenceError(400, 'body must be a silence object');
  for (const f of ['matchers', 'startsAt', 'endsAt', 'createdBy', 'comment']) if (body[f] === undefined) throw new SilenceError(400, `${f} in body is required`);
  if (!Array.isArray(body.matchers)) throw new SilenceError(400, 'matchers in body must be of type array');
  const matchers: SilenceMatcher[] = body.matchers.map((m, i) => {
    if (!isObject(m) || typeof m.name !== 'string' || typeof m.value !== 'string' || typeof m.isRegex !== 'boolean') throw new SilenceError(400, `matchers.${i}: name, value (strings) and isRegex (boolean) are required`);
    if (m.isEqual !== undefined && typeof m.isEqual !== 'boolean') throw new SilenceError(400, `matchers.${i}.isEqual must be a boolean`);
    return { name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true };
  });
  for (const f of ['startsAt', 'endsAt', 'createdBy', 'comment', 'id'] as const) if (body[f] !== undefined && typeof body[f] !== 'string') throw new SilenceError(400, `${f} in body must be of type string`);
  return { id: body.id as string | undefined, matchers, startsAt: body.startsAt as string, endsAt: body.endsAt as string, createdBy: body.createdBy as string, comment: body.comment as string };
}

export function silencesHandler(silences: Silences): Handler {
  return (ctx) => handle(async () => {
    const now = Date.now();
    if (ctx.req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(ctx.req)).toString('utf8'));
      } catch {
        throw new SilenceError(400, 'body is not valid JSON');
      }
      return json({ silenceID: silences.upsert(postable(body), now) });
    }
    let filter;
    try {
      filter = ctx.url.searchParams.getAll('filter').map(parseMatcher);
    } catch (e) {
      throw new SilenceError(400, (e as Error).message);
    }
    // as Alertmanager: a silence is listed when, for every filter, one of its matchers is exactly that
    const listed = silences.list(now).filter((s) => filter.every((f) => s.matchers.some((m) => m.name === f.name && m.value === f.value && m.isRegex === f.type.includes('~') && m.isEqual === !f.type.startsWith('!'))));
    return json(listed.map((s) => shown(s, now)));
  });
}

export function silenceHandler(silences: Silences): Handler {
  return (ctx) => handle(() => {
    const id = ctx.pathParams[0]!;
    const now = Date.now();
    if (ctx.req.method === 'DELETE') {
      silences.expire(id, now);
      return json('');
    }
    const s = silences.get(id);
    if (!s) throw new SilenceError(404, 'silence not found');
    return json(shown(s, now));
  });
}
