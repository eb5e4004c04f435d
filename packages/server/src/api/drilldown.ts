// What Grafana Logs Drilldown asks a Loki about itself before it queries.
import { formatPromDuration, parseLogSelector } from '@logi/logql';
import type { Limits } from '../app/config.js';
import { json, type Handler } from '../app/http.js';
import { LEVEL_FIELDS } from '../distributor/detected-level.js';
import type { PatternTee } from '../pattern/pattern-tee.js';
import { checkQueryLength, parseBounds, parseStep } from './params.js';
import { parseQueryOrThrow } from './query-parse.js';

/** Loki answers patterns at a 10 s resolution at the finest. */
const MIN_PATTERN_STEP_MS = 10_000;

/**
 * GET /loki/api/v1/patterns: the patterns mined from the lines the selected streams received, each with its
 * detected level and line counts per step (none when pattern_ingester.enabled is off). The range and step are
 * checked as Loki parses them, so a bad request is a 401 or 400 here too.
 */
export function patternsHandler(limitsFor: (t: string) => Limits, miner: PatternTee | undefined): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const p = await ctx.params();
    const b = parseBounds(p, BigInt(Date.now()) * 1_000_000n);
    const stepNs = parseStep(p, b);
    checkQueryLength(b, limitsFor(tenant));
    if (!miner) return json({ status: 'success', data: [] });
    const matchers = parseQueryOrThrow(() => parseLogSelector(p.get('query') ?? '')).matchers;
    const stepMs = Math.max(MIN_PATTERN_STEP_MS, Number(stepNs / 1_000_000n));
    const series = await miner.patterns(tenant, matchers, Number(b.start / 1_000_000n), Number(b.end / 1_000_000n), stepMs);
    return json({
      status: 'success',
      data: series.map((s) => ({ pattern: s.pattern, level: s.level, samples: s.samples.map(([t, n]) => [Math.floor(t / 1000), n]) })),
    });
  };
}

const duration = (ms: number): string => formatPromDuration(ms * 1e6);

/**
 * GET /loki/api/v1/drilldown-limits: the tenant limits Loki publishes by default
 * (`tenant_limits_allow_publish`), named and formatted as in its JSON, for those Logi has.
 */
export function drilldownLimitsHandler(limitsFor: (t: string) => Limits, version: string, patternsMined: boolean): Handler {
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
      pattern_ingester_enabled: patternsMined,
      version,
    });
  };
}
