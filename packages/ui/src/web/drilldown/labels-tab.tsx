// A service's labels (detected_labels, but the one it is selected by) with their cardinality and volume, and under each
// its values with their line counts and sparklines; a value opens Explore with it added to the selector.
import { detectedLabels } from '../api/drilldown.js';
import { Link } from '../shell/link.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { DrilldownTime, PrimaryLabel } from './route.js';
import { exploreHref } from '../explore/url-state.js';
import { selectorOf } from './explore-link.js';
import { samplesOf, Sparkline, SPARK_COLOR, sumByTime, total } from './sparkline.js';
import { loadStatus, useLoad } from './use-load.js';
import { sparklineStep, volumeBy } from './volume-query.js';

interface TabProps { primary: PrimaryLabel; range: ResolvedRange; time: DrilldownTime }

function LabelValues({ primary, label, cardinality, range, time }: TabProps & { label: string; cardinality: number }) {
  const volume = useLoad((signal) => volumeBy(selectorOf(primary), label, range, signal), [primary.name, primary.value, label, range]);
  const values = volume.state === 'done'
    ? volume.data.map((s) => ({ value: s.metric[label] ?? '', samples: samplesOf(s) })).filter((v) => v.value !== '')
      .map((v) => ({ ...v, count: total(v.samples) })).sort((a, b) => b.count - a.count)
    : [];
  const step = sparklineStep(range);
  return (
    <section class="panel drilldown-label" data-label={label}>
      <header class="panel-title">
        {label} <span class="muted">· {cardinality} {cardinality === 1 ? 'value' : 'values'}</span>
        <Sparkline series={[{ samples: sumByTime(values.map((v) => v.samples)), color: SPARK_COLOR }]} range={range} stepSec={step} />
      </header>
      {loadStatus(volume, `values of ${label}`) ?? (
        <ul class="value-list">
          {values.map((v) => (
            <li key={v.value} class="label-value" data-value={v.value}>
              <Link to={exploreHref(selectorOf(primary, { name: label, value: v.value }), time)} class="value-name">{v.value}</Link>
              <span class="value-count">{v.count.toLocaleString('en-US')}</span>
              <Sparkline series={[{ samples: v.samples, color: SPARK_COLOR }]} range={range} stepSec={step} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function LabelsTab(props: TabProps) {
  const labels = useLoad((signal) => detectedLabels(selectorOf(props.primary), props.range, signal), [props.primary.name, props.primary.value, props.range]);
  if (labels.state !== 'done') return loadStatus(labels, 'labels');
  const shown = labels.data.filter((l) => l.label !== props.primary.name);
  if (shown.length === 0) return <div class="empty">These streams have no other labels.</div>;
  return <div class="drilldown-grid">{shown.map((l) => <LabelValues key={l.label} {...props} label={l.label} cardinality={l.cardinality} />)}</div>;
}
