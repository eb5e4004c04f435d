// Grafana's import page (/dashboard/import): a dashboard JSON pasted or uploaded, then its name, uid and inputs
// (Loki data sources map to Logi's, Prometheus ones to a provisioned Prometheus chosen here; constants are asked
// for), then saved; a taken uid asks before overwriting. The library panels an export carries (`__elements`) are
// created first where Logi has none of that uid; those it has are kept as they are, as Grafana's import does.
import { useEffect, useState } from 'preact/hooks';
import { dataSources, type DataSource } from '../api/prometheus.js';
import { navigate } from '../shell/router.js';
import { ApiError, createLibraryPanel, libraryPanelUidsHeld, saveDashboard } from './dashboard-api.js';
import { importedElements, parseDashboardJson, resolveImport } from './dashboard-json.js';
import './dashboards.css';

type Loaded = ReturnType<typeof parseDashboardJson>;

function Options({ loaded, onBack }: { loaded: Loaded; onBack(): void }) {
  const [title, setTitle] = useState(loaded.title ?? '');
  const [uid, setUid] = useState(loaded.uid ?? '');
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [prometheuses, setPrometheuses] = useState<DataSource[]>([]);
  const [chosenSources, setChosenSources] = useState<Record<string, string>>({});
  useEffect(() => { dataSources().then((all) => setPrometheuses(all.filter((d) => d.type === 'prometheus')), () => undefined); }, []);
  const [refusal, setRefusal] = useState<ApiError | Error>();
  const [saving, setSaving] = useState(false);
  const inputs = loaded.__inputs ?? [];
  /** A Prometheus input's uid: the one chosen, else the first provisioned, else its own name (the panels then say it is missing). */
  const sourceOf = (name: string): string => chosenSources[name] ?? prometheuses[0]?.uid ?? name;
  const sources = Object.fromEntries(inputs.filter((i) => i.type === 'datasource' && i.pluginId === 'prometheus').map((i) => [i.name, sourceOf(i.name)]));
  const taken = refusal instanceof ApiError && refusal.status === 'name-exists';
  const choices = { title: title.trim(), uid: uid.trim(), constants, sources };
  const elements = importedElements(loaded, choices);
  /** The library panels Logi has (undefined until known; the export's then show whether they are new). */
  const [held, setHeld] = useState<Set<string>>();
  useEffect(() => { if (loaded.__elements) libraryPanelUidsHeld().then(setHeld, () => undefined); }, [loaded]);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!title.trim()) { setRefusal(new Error('Name is required')); return; }
    setSaving(true);
    try {
      if (elements.length > 0) {
        const have = held ?? await libraryPanelUidsHeld();
        for (const el of elements) if (!have.has(el.uid)) await createLibraryPanel(el.name, el.model, el.uid);
        setHeld(new Set([...have, ...elements.map((el) => el.uid)]));
      }
      const saved = await saveDashboard(resolveImport(loaded, choices), taken);
      navigate(saved.url);
    } catch (err) {
      setRefusal(err as Error);
      setSaving(false);
    }
  };
  return (
    <form class="import-options" onSubmit={submit}>
      <h2>Options</h2>
      <label>Name<input name="title" value={title} onInput={(e) => { setTitle(e.currentTarget.value); setRefusal(undefined); }} /></label>
      <label>UID <span class="muted">(the dashboard's address: /d/&lt;uid&gt;; empty for a new one)</span>
        <input name="uid" value={uid} onInput={(e) => { setUid(e.currentTarget.value); setRefusal(undefined); }} />
      </label>
      {inputs.map((i) => (
        <label key={i.name}>
          {i.label || i.name}
          {i.type === 'datasource' && i.pluginId === 'prometheus' ? (
            prometheuses.length > 0
              ? <select name={`input-${i.name}`} value={sourceOf(i.name)} onChange={(e) => setChosenSources({ ...chosenSources, [i.name]: e.currentTarget.value })}>
                {prometheuses.map((d) => <option key={d.uid} value={d.uid}>{d.name} (Prometheus)</option>)}
              </select>
              : <select disabled><option>No Prometheus data source in Logi (-datasources.provisioning): its panels will say so</option></select>
          ) : i.type === 'datasource'
            ? <select disabled><option>Logi (Loki){i.pluginId && i.pluginId !== 'loki' ? ` — Logi has no ${i.pluginName ?? i.pluginId} data source` : ''}</option></select>
            : <input name={`input-${i.name}`} value={constants[i.name] ?? i.value ?? ''} onInput={(e) => setConstants({ ...constants, [i.name]: e.currentTarget.value })} />}
        </label>
      ))}
      {elements.length > 0 && (
        <div class="import-library">
          <h3>Library panels</h3>
          <ul>
            {elements.map((el) => (
              <li key={el.uid} data-uid={el.uid}>
                {el.name} <span class="muted">{held === undefined ? '' : held.has(el.uid) ? 'already in Logi: kept as it is' : 'new: created with the dashboard'}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {refusal && <div class="panel-error" role="alert">{taken ? `${refusal.message}: import again to overwrite it, or change the UID` : refusal.message}</div>}
      <div class="form-buttons">
        <button type="submit" class={`toolbar-button ${taken ? 'danger' : 'primary'}`} disabled={saving}>{taken ? 'Import (Overwrite)' : 'Import'}</button>
        <button type="button" class="toolbar-button" onClick={onBack}>Cancel</button>
      </div>
    </form>
  );
}

export function DashboardImport() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [loaded, setLoaded] = useState<Loaded>();
  const load = (json: string): void => {
    try {
      setLoaded(parseDashboardJson(json));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const upload = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    const json = await file.text();
    setText(json);
    load(json);
  };
  return (
    <div class="dashboard-import">
      <div class="toolbar"><h1 class="page-title">Import dashboard</h1></div>
      {loaded ? <Options loaded={loaded} onBack={() => setLoaded(undefined)} /> : (
        <>
          <label class="upload">
            <span class="toolbar-button">Upload dashboard JSON file</span>
            <input type="file" accept=".json,application/json" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
          </label>
          <label class="import-json">Import via dashboard JSON model
            <textarea name="json" rows={16} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck={false}
              placeholder="Paste the JSON of a Grafana dashboard (Export > Export as JSON, or a file from grafana.com)" />
          </label>
          {error && <div class="panel-error" role="alert">{error}</div>}
          <div class="form-buttons"><button class="toolbar-button primary" disabled={!text.trim()} onClick={() => load(text)}>Load</button></div>
        </>
      )}
    </div>
  );
}
