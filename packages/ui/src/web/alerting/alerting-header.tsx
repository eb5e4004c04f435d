// The Alerting pages' title and tabs (Grafana's: alert rules, silences) with the new-rule button.
import { Link } from '../shell/link.js';

export function AlertingHeader({ current }: { current: 'list' | 'silences' | 'editor' }) {
  return (
    <div class="alerting-header">
      <div class="toolbar">
        <h1 class="page-title">Alerting</h1>
        <span class="spacer" />
        <Link to="/alerting/new" class="toolbar-button primary">+ New alert rule</Link>
      </div>
      <nav class="alerting-tabs">
        <Link to="/alerting/list" current={current === 'list'}>Alert rules</Link>
        <Link to="/alerting/silences" current={current === 'silences'}>Silences</Link>
      </nav>
    </div>
  );
}
