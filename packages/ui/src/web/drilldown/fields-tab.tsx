// A service's fields (detected_fields): parsed from its lines or its structured metadata, with type, cardinality and
// parser; a field opens Explore with the lines that have it.
import { detectedFields } from '../api/loki.js';
import { Link } from '../shell/link.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { DrilldownTime, PrimaryLabel } from './route.js';
import { exploreHref } from '../explore/url-state.js';
import { fieldExpr, selectorOf } from './explore-link.js';
import { loadStatus, useLoad } from './use-load.js';

export function FieldsTab({ primary, range, time }: { primary: PrimaryLabel; range: ResolvedRange; time: DrilldownTime }) {
  const fields = useLoad(() => detectedFields(selectorOf(primary), range.fromMs, range.toMs), [primary.name, primary.value, range]);
  if (fields.state !== 'done') return loadStatus(fields, 'fields');
  if (fields.data.length === 0) return <div class="empty">No fields were found in these lines.</div>;
  return (
    <table class="fields-table">
      <thead><tr><th>Field</th><th>Type</th><th>Cardinality</th><th>Parser</th></tr></thead>
      <tbody>
        {fields.data.map((f) => (
          <tr key={f.label} class="field" data-field={f.label}>
            <td><Link to={exploreHref(fieldExpr(primary, f.label, f.parsers), time)} class="field-name">{f.label}</Link></td>
            <td class="field-type">{f.type}</td>
            <td class="field-cardinality">{f.cardinality.toLocaleString('en-US')}</td>
            <td class="muted">{f.parsers?.join(', ') ?? 'structured metadata'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
