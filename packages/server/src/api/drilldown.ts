// What Grafana Logs Drilldown asks a Loki about itself before it queries.
import { formatPromDuration } from '@logi/logql';
import type { Limits } from '../app/config.js';
import { json, type Handler } from '../app/http.js';
import { LEVEL_FIELDS } from '../distributor/detected-level.js';
import { checkQueryLength, parseBounds, parseStep } from './params.js';

/**
 * GET /loki/api/v1/patterns: Logi has no pattern ingester, so there are never patterns (Drilldown hides
 * the tab). Still tenant-scoped, and the range and step are checked as Loki parses them, so a bad request
 * is a 401 or 400 here too.
 */
export function patternsHandler(limitsFor: (t: string) => Limits): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const p = await ctx.params();
    const b = parseBounds(p, BigInt(Date.now()) * 1_000_000n);
    parseStep(p, b);
    checkQueryLength(b, limitsFor(tenant));
    return json({ status: 'success', data: [] });
  };
}

const duration = (ms: number): string => formatPromDuration(ms * 1e6);

/**
 * GET /loki/api/v1/drilldown-limits: the tenant limits Loki publishes by default
 * (`tenant_limits_allow_publish`), named and formatted as in its JSON, for those Logi has.
 */
export function drilldownLimitsHandler(limitsFor: (t: string) => Limits, version: string): Handler {
  return async (ctx) => {
    const l = limitsFor(ctx.tenant());
    return json({
      limits: {
        discover_log_levels: l.discoverLogLevels,
        discover_service_name: l.discoverServiceName,
        log_level_fields: LEVEL_FIELDS,
        max_entries_limit_per_query: l.maxEntriesLimitPerQuery,
        max_line_size_truncate: l.maxLineSizeTruncate,
        max_query_length: duration(l.maxQueryLengthMs),
        max_query_series: l.maxQuerySeries,
        metric_aggregation_enabled: false,
        pattern_persistence_enabled: false,
        query_timeout: duration(l.queryTimeoutMs),
        volume_enabled: true,
      },
      pattern_ingester_enabled: false,
      version,
    });
  };
}
