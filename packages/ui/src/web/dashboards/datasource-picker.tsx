// A data source select as Grafana's editors have one: the data sources Logi lists (/api/datasources: its own Loki and
// the provisioned Prometheus servers) of the types the editor reads; a reference to another is kept as an option
// saying so, never dropped unseen.
import { useEffect, useState } from 'preact/hooks';
import { dataSources, type DataSource } from '../api/prometheus.js';
import type { DataSourceRef } from './model.js';

/** Logi's own Loki, as panels and variables name it. */
export const LOKI: DataSourceRef = { type: 'loki', uid: 'loki' };

type Value = DataSourceRef | string | null | undefined;

/** The uid (or name, for a string reference) a reference names; none is Logi's Loki. */
const keyOf = (v: Value): string => (typeof v === 'string' ? v : v?.uid ?? 'loki');

export function DataSourcePicker({ value, types, name, onChange }: { value: Value; types: readonly string[]; name: string; onChange(ref: DataSourceRef): void }) {
  const [listed, setListed] = useState<DataSource[]>([]);
  const [problem, setProblem] = useState<string>();
  useEffect(() => { dataSources().then(setListed, (e: unknown) => setProblem(`Data sources not listed: ${(e as Error).message}`)); }, []);
  const offered = listed.filter((d) => types.includes(d.type));
  const current = keyOf(value);
  // a string reference is a name (Grafana before 8.3) or a uid
  const found = offered.find((d) => d.uid === current || d.name === current);
  const known = found !== undefined || (offered.length === 0 && current === 'loki');
  return (
    <>
      <select name={name} value={found?.uid ?? current} onChange={(e) => {
        const d = offered.find((x) => x.uid === e.currentTarget.value);
        if (d) onChange({ type: d.type, uid: d.uid });
      }}>
        {offered.length === 0 && current === 'loki' && <option value="loki">Loki</option>}
        {offered.map((d) => <option key={d.uid} value={d.uid}>{d.name} ({d.type})</option>)}
        {!known && <option value={current}>{current}{typeof value === 'object' && value?.type ? ` (${value.type})` : ''}: not one Logi reads here</option>}
      </select>
      {problem && <span class="panel-error" role="alert">{problem}</span>}
    </>
  );
}
