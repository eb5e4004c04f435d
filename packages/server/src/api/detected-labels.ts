import { parseLogSelector, type Matcher } from '@logi/logql';
import type { Limits } from '../app/config.js';
import type { StreamIndex } from '../ingester/types.js';
import { json, type Handler } from '../app/http.js';
import { detectLabels } from '../querier/detected-labels.js';
import { checkQueryLength, parseBounds } from './params.js';
import { parseQueryOrThrow } from './query-parse.js';

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** GET|POST /loki/api/v1/detected_labels: `query` is an optional selector (no pipeline). Empty answer: `{}`, as Loki. */
export function detectedLabelsHandler(reader: StreamIndex, limitsFor: (t: string) => Limits): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const p = await ctx.params();
    const b = parseBounds(p, nowNs());
    checkQueryLength(b, limitsFor(tenant));
    const q = p.get('query');
    const matchers: Matcher[] = q === undefined ? [] : parseQueryOrThrow(() => parseLogSelector(q)).matchers;
    const detectedLabels = detectLabels(reader, tenant, matchers, b.start, b.end);
    return json(detectedLabels.length ? { detectedLabels } : {});
  };
}
