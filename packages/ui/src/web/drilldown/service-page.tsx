// One service in Drilldown (or one value of another label): its name, the tabs as links on Drilldown's paths, and
// the tab shown.
import { Link } from '../shell/link.js';
import type { ResolvedRange } from '../shell/time-range.js';
import { FieldsTab } from './fields-tab.js';
import { LabelsTab } from './labels-tab.js';
import { LogsTab } from './logs-tab.js';
import { PatternsTab } from './patterns-tab.js';
import { TABS, viewPath, type DrilldownTime, type PrimaryLabel, type TabSlug } from './route.js';

const TAB_CONTENT = { logs: LogsTab, labels: LabelsTab, fields: FieldsTab, patterns: PatternsTab };

export function ServicePage({ primary, tab, range, time }: { primary: PrimaryLabel; tab: TabSlug; range: ResolvedRange; time: DrilldownTime }) {
  const Content = TAB_CONTENT[tab];
  return (
    <div class="service-page">
      <div class="service-header">
        <Link to={viewPath({ kind: 'services' }, time)} class="back">← All services</Link>
        <h2>{primary.name} = <span class="service-title">{primary.value}</span></h2>
      </div>
      <nav class="tabs">
        {TABS.map((t) => (
          <Link key={t.slug} to={viewPath({ kind: 'service', primary, tab: t.slug }, time)} class={t.slug === tab ? 'tab active' : 'tab'} current={t.slug === tab}>{t.title}</Link>
        ))}
      </nav>
      <Content primary={primary} range={range} time={time} />
    </div>
  );
}
