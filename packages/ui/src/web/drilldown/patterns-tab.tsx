// A service's log patterns (Loki's /patterns): the text with each `<_>` (the part that varies) marked, its levels,
// the count and a sparkline, most frequent first; a pattern opens Explore with Loki's pattern match filter `|>`.
// Loki answers a pattern once per level it was seen at; Drilldown shows it once with its levels, and so does this.
import { patterns, type LokiPattern } from '../api/drilldown.js';
import { levelFromKey, LEVEL_COLORS } from '../logs/levels.js';
import { Link } from '../shell/link.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { DrilldownTime, PrimaryLabel } from './route.js';
import { exploreHref } from '../explore/url-state.js';
import { patternExpr, selectorOf } from './explore-link.js';
import { Sparkline, sumByTime, total, type Samples } from './sparkline.js';
import { loadStatus, useLoad } from './use-load.js';
import { sparklineStep } from './volume-query.js';

const ANY = '<_>';

interface PatternRow { pattern: string; levels: string[]; samples: Samples; count: number }

function mergedByText(found: readonly LokiPattern[]): PatternRow[] {
  const byText = new Map<string, LokiPattern[]>();
  for (const p of found) byText.set(p.pattern, [...(byText.get(p.pattern) ?? []), p]);
  return [...byText].map(([pattern, same]) => {
    const samples = sumByTime(same.map((p) => p.samples));
    return { pattern, levels: same.map((p) => p.level ?? 'unknown'), samples, count: total(samples) };
  }).sort((a, b) => b.count - a.count);
}

function PatternText({ pattern }: { pattern: string }) {
  return <>{pattern.split(ANY).flatMap((text, i) => (i === 0 ? [text] : [<span key={i} class="pattern-any">{ANY}</span>, text]))}</>;
}

export function PatternsTab({ primary, range, time }: { primary: PrimaryLabel; range: ResolvedRange; time: DrilldownTime }) {
  const stepSec = sparklineStep(range);
  const found = useLoad((signal) => patterns(selectorOf(primary), range, stepSec, signal), [primary.name, primary.value, range]);
  if (found.state !== 'done') return loadStatus(found, 'patterns');
  if (found.data.length === 0) {
    return <div class="empty">No patterns: Loki reports a pattern once at least 30 lines of the range follow it.</div>;
  }
  const rows = mergedByText(found.data);
  const all = rows.reduce((sum, r) => sum + r.count, 0);
  return (
    <table class="patterns-table">
      <thead><tr><th>Volume</th><th>Levels</th><th>Count</th><th>%</th><th>Pattern</th></tr></thead>
      <tbody>
        {rows.map((p) => {
          const color = LEVEL_COLORS[levelFromKey(p.levels[0])];
          return (
            <tr key={p.pattern} class="pattern" data-levels={p.levels.join(' ')}>
              <td><Sparkline series={[{ samples: p.samples, color }]} range={range} stepSec={stepSec} /></td>
              <td class="pattern-levels">
                {p.levels.map((l) => <span key={l} class="pattern-level"><i style={{ background: LEVEL_COLORS[levelFromKey(l)] }} />{l}</span>)}
              </td>
              <td class="pattern-count">{p.count.toLocaleString('en-US')}</td>
              <td class="muted">{((p.count / all) * 100).toFixed(1)}</td>
              <td><Link to={exploreHref(patternExpr(primary, p.pattern), time)} class="pattern-text"><PatternText pattern={p.pattern} /></Link></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
