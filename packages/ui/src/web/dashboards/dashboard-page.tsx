// A dashboard at Grafana's /d/<uid>/<slug> (or a new one at /dashboard/new): its title and time controls, its
// variables, and its panels on the grid; Export downloads its JSON; Edit turns on the edit mode (add, edit, duplicate,
// remove, move and resize panels), whose changes stay in the page until saved, and where the dashboard is deleted.
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { RefreshPicker } from '../shell/refresh-picker.js';
import { guardLeaving, navigate, useLocation } from '../shell/router.js';
import { TimePicker } from '../shell/time-picker.js';
import { resolveRange, type ResolvedRange } from '../shell/time-range.js';
import { deleteDashboard, fetchDashboard, fetchLibraryElement, takeEmbeddedDashboard, type DashboardAnswer, type DashboardMeta, type LibraryElement } from './dashboard-api.js';
import { AnnotationToggles, useAnnotations } from './annotation-controls.js';
import { AnnotationsDialog } from './annotations-dialog.js';
import { addPanel, addRow, allPanels, duplicatePanel, movePanel, removePanel, removeRow, replacePanel } from './dashboard-edit.js';
import { DashboardLinks } from './dashboard-links.js';
import { download, externalExport, libraryPanelUids } from './dashboard-json.js';
import { urlValues, viewOf, viewSearch, type DashboardView } from './dashboard-state.js';
import { JsonModelDialog } from './json-model-dialog.js';
import { LinksDialog } from './links-dialog.js';
import { ImportFromLibraryDialog, NewLibraryPanelDialog } from './library-dialogs.js';
import { placedPanel } from './library-panel.js';
import { LibraryPanelEditor } from './library-panel-editor.js';
import { MenuButton } from './menu-button.js';
import type { Dashboard, Panel as PanelModel, VariableOption } from './model.js';
import { PanelEditor } from './panel-editor.js';
import { Panel } from './panel.js';
import { PanelGrid, type GridEdit } from './panel-grid.js';
import { SaveDialog } from './save-dialog.js';
import { VariablesDialog } from './variables-dialog.js';
import { VariableBar } from './variable-bar.js';
import { expectedVariables, initialValues, variableOptions } from './variables.js';
import './dashboards.css';

interface Variables { options: Map<string, VariableOption[]>; values: Map<string, string[]> }

/**
 * Options and values of the variables from index `from` on, each after the ones before it (a selector may use them);
 * `wanted` gives the values to keep where they are still offered.
 */
async function loadVariables(d: Dashboard, from: number, known: Variables, wanted: (name: string) => string[], range: ResolvedRange): Promise<Variables> {
  const next = { options: new Map(known.options), values: new Map(known.values) };
  for (const v of (d.templating?.list ?? []).slice(from)) {
    const options = await variableOptions(v, next.values, next.options, range);
    next.options.set(v.name, options);
    next.values.set(v.name, initialValues(v, wanted(v.name), options));
  }
  return next;
}

type Loading = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; dashboard: Dashboard; path: string; meta: DashboardMeta };

const ready = ({ dashboard, meta }: DashboardAnswer): Loading => ({ state: 'ready', dashboard, path: meta.url, meta });

/** The variables the board is expected to open with, from the URL and the board (see expectedVariables). */
const expectedAtOpening = (d: Dashboard): Variables | undefined => {
  const start = new URLSearchParams(window.location.search);
  return expectedVariables(d.templating?.list ?? [], (name) => urlValues(start, name));
};

/** What /dashboard/new starts from: Grafana's new dashboard, empty. */
const NEW_DASHBOARD: Dashboard = {
  id: null, uid: '', title: 'New dashboard', tags: [], timezone: 'browser', schemaVersion: 39, version: 0,
  time: { from: 'now-6h', to: 'now' }, refresh: '', templating: { list: [] }, panels: [],
};

/** Downloads the dashboard's JSON; for another instance with the library panels it names (those still readable). */
async function exportJson(dashboard: Dashboard, external: boolean): Promise<void> {
  if (!external) return download(dashboard.title, dashboard);
  const elements = await Promise.all(libraryPanelUids(dashboard.panels).map((uid) => fetchLibraryElement(uid).catch(() => undefined)));
  download(dashboard.title, externalExport(dashboard, elements.filter((e) => e !== undefined)));
}

function Export({ dashboard }: { dashboard: Dashboard }) {
  const [external, setExternal] = useState(false);
  return (
    <span class="export">
      <label class="muted" title="Grafana's &quot;Export for sharing externally&quot;: data sources become an input chosen at import">
        <input type="checkbox" checked={external} onChange={(e) => setExternal(e.currentTarget.checked)} /> for another instance
      </label>
      <button class="toolbar-button" onClick={() => void exportJson(dashboard, external)}>Export</button>
    </span>
  );
}

export function DashboardPage({ uid }: { uid?: string }) {
  const { search } = useLocation();
  // the board the server sent within the page, when it is this one: drawn in the first frame, its panels' queries sent
  const [opening] = useState(() => (uid === undefined ? undefined : takeEmbeddedDashboard(uid)));
  const [loading, setLoading] = useState<Loading>(() => (opening ? ready(opening) : { state: 'loading' }));
  const [variables, setVariables] = useState<Variables | undefined>();
  // While the variables first refresh: the values they most likely keep. Panels send their queries with them and
  // show the answers once the refresh confirms them (or run again with the refreshed values).
  const [expected, setExpected] = useState<Variables | undefined>(() => opening && expectedAtOpening(opening.dashboard));
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState(uid === undefined);
  const [dirty, setDirty] = useState(false);
  const [panelEdited, setPanelEdited] = useState<number>();
  const [saving, setSaving] = useState(false);
  const [jsonModel, setJsonModel] = useState(false);
  const [variablesOpen, setVariablesOpen] = useState(false);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const [linksOpen, setLinksOpen] = useState(false);
  const [annotationsOpen, setAnnotationsOpen] = useState(false);
  const [newLibraryPanel, setNewLibraryPanel] = useState<number>();
  const [problem, setProblem] = useState<string>();

  const dashboard = loading.state === 'ready' ? loading.dashboard : undefined;
  const view = dashboard ? viewOf(dashboard, search) : undefined;
  const range = useMemo(() => resolveRange(view?.range ?? { from: 'now-6h', to: 'now' }), [view?.range.from, view?.range.to, tick]);
  const annotations = useAnnotations(dashboard, range, variables);

  /** Every variable's options and values loaded anew, keeping the `wanted` values where still offered. */
  const startVariables = (d: Dashboard, wanted: (name: string) => string[]): void => {
    const start = new URLSearchParams(window.location.search);
    loadVariables(d, 0, { options: new Map(), values: new Map() }, wanted, resolveRange(viewOf(d, start).range))
      .then(setVariables, (e: unknown) => setLoading({ state: 'error', message: (e as Error).message }));
  };

  /** The board shown (its state already set when it came within the page): its title, its variables refreshed. */
  const opened = (d: Dashboard): void => {
    document.title = `${d.title} - Dashboards - Logi`;
    const start = new URLSearchParams(window.location.search);
    startVariables(d, (name) => urlValues(start, name));
  };
  // before the first frame is painted: the variables' refresh is sent beside the panels' queries, not after the paint
  useLayoutEffect(() => {
    if (opening) {
      opened(opening.dashboard);
      return;
    }
    const fetched = uid === undefined ? Promise.resolve({ dashboard: NEW_DASHBOARD, meta: { url: '/dashboard/new' } }) : fetchDashboard(uid);
    fetched.then(
      (answer) => {
        setLoading(ready(answer));
        setExpected(expectedAtOpening(answer.dashboard));
        opened(answer.dashboard);
      },
      (e: unknown) => setLoading({ state: 'error', message: (e as Error).message }),
    );
  }, [uid]);
  // leaving with unsaved changes asks first, as Grafana does: closing the tab, and going to another page of Logi
  useEffect(() => {
    if (!dirty) return undefined;
    const ask = (e: BeforeUnloadEvent): void => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    guardLeaving(() => window.confirm('This dashboard has unsaved changes. Leave without saving them?'));
    return () => {
      window.removeEventListener('beforeunload', ask);
      guardLeaving(undefined);
    };
  }, [dirty]);

  // Grafana's URL: the path with the slug, and the view and variables in the query string.
  const show = (next: DashboardView, values: Map<string, string[]>): void => {
    if (loading.state === 'ready') navigate(loading.path + viewSearch(next, values), { replace: true });
  };
  // written with the expected values already: when the refresh confirms them the URL stays, and the page is not
  // drawn once more for it
  const shown = variables ?? expected;
  useEffect(() => { if (view && shown) show(view, shown.values); }, [shown, loading]);

  if (loading.state === 'loading') return <div class="loading">Loading dashboard…</div>;
  if (loading.state === 'error') return <div class="not-yet"><h1>Dashboard not available</h1><p role="alert">{loading.message}</p></div>;
  const d = loading.dashboard;
  const v = view!;
  const held = variables === undefined;

  const change = (next: Dashboard): void => {
    setLoading({ ...loading, dashboard: next });
    setDirty(true);
  };
  /** A change that may touch the variables: they load again, keeping the values chosen. */
  const changeWithVariables = (next: Dashboard): void => {
    change(next);
    startVariables(next, (name) => variables?.values.get(name) ?? []);
  };
  const edit: GridEdit = {
    onMove: (id, pos) => change(movePanel(d, id, pos)),
    onEdit: setPanelEdited,
    onDuplicate: (id) => change(duplicatePanel(d, id)),
    onRemove: (id) => change(removePanel(d, id)),
    onRenameRow: (id, title) => change(replacePanel(d, { ...allPanels(d).find((p) => p.id === id)!, title })),
    onRemoveRow: (id) => change(removeRow(d, id)),
    onNewLibraryPanel: setNewLibraryPanel,
    onUnlink: (id) => void unlink(id),
  };
  /** Grafana's "Unlink library panel": the library's content copied into the dashboard, the reference dropped. */
  const unlink = async (id: number): Promise<void> => {
    const ref = allPanels(d).find((p) => p.id === id)!;
    try {
      const { libraryPanel: _ref, ...own } = placedPanel(await fetchLibraryElement(ref.libraryPanel!.uid), ref);
      change(replacePanel(d, own));
    } catch (e) {
      setProblem(`The library panel was not unlinked: ${(e as Error).message}`);
    }
  };
  /** A library panel's reference, as Grafana 11 saves one in a dashboard: its place, title and the uid and name. */
  const reference = (e: LibraryElement): Omit<PanelModel, 'id' | 'gridPos'> => ({ title: e.name, libraryPanel: { uid: e.uid, name: e.name } }) as PanelModel;
  const add = (): void => {
    const added = addPanel(d, { type: 'timeseries', title: 'Panel Title', targets: [{ refId: 'A', expr: '', queryType: 'range' }], options: {}, fieldConfig: { defaults: {}, overrides: [] } });
    change(added.dashboard);
    setPanelEdited(added.id);
  };
  const saved = (answer: { id: number; uid: string; url: string; version: number }, body: Dashboard): void => {
    setSaving(false);
    setDirty(false);
    guardLeaving(undefined); // saved: opening the saved board below must not ask
    if (answer.uid !== d.uid) { navigate(answer.url); return; } // a new dashboard or a copy: open it at its address
    setLoading({ ...loading, dashboard: { ...body, id: answer.id, version: answer.version }, path: answer.url });
  };
  const remove = async (): Promise<void> => {
    if (!window.confirm(`Delete the dashboard “${d.title}”?`)) return;
    try {
      await deleteDashboard(d.uid);
      setDirty(false);
      guardLeaving(undefined); // deleted: nothing is left to save
      navigate('/dashboards');
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const edited = panelEdited === undefined ? undefined : allPanels(d).find((p) => p.id === panelEdited);
  const viewed = v.viewPanel && !editing ? allPanels(d).find((p) => String(p.id) === v.viewPanel!.replace(/^panel-/, '')) : undefined;

  const setValue = (name: string, selected: string[]): void => {
    if (!variables) return;
    const index = (d.templating?.list ?? []).findIndex((x) => x.name === name);
    const chosen = { options: variables.options, values: new Map(variables.values).set(name, selected) };
    // the variables after it may list values that depend on it: reload those, keeping their values where possible
    loadVariables(d, index + 1, chosen, (n) => chosen.values.get(n) ?? [], range).then(setVariables, () => setVariables(chosen));
  };

  return (
    <div class="dashboard-page">
      <div class="toolbar">
        <a class="crumb" href="dashboards" onClick={(e) => { e.preventDefault(); navigate('/dashboards'); }}>Dashboards</a>
        <span class="muted">›</span>
        <h1 class="page-title">{d.title}</h1>
        <span class="spacer" />
        <TimePicker range={v.range} utc={v.utc} onChange={(r) => show({ ...v, range: r }, variables?.values ?? new Map())}
          onUtcChange={(utc) => show({ ...v, utc }, variables?.values ?? new Map())} />
        <RefreshPicker value={v.refresh} label="Refresh" running={false} onRefresh={() => setTick((t) => t + 1)}
          onChange={(refresh) => show({ ...v, refresh }, variables?.values ?? new Map())} />
        {editing ? (
          <>
            <MenuButton label="Add">
              <button role="menuitem" onClick={add}>Visualization</button>
              <button role="menuitem" onClick={() => setLibraryOpen(true)}>Import from library</button>
              <button role="menuitem" onClick={() => change(addRow(d))}>Row</button>
            </MenuButton>
            {/* Grafana's dashboard settings, one dialog each */}
            <MenuButton label="Settings">
              <button role="menuitem" onClick={() => setVariablesOpen(true)}>Variables</button>
              <button role="menuitem" onClick={() => setAnnotationsOpen(true)}>Annotations</button>
              <button role="menuitem" onClick={() => setLinksOpen(true)}>Links</button>
              <button role="menuitem" onClick={() => setJsonModel(true)}>JSON model</button>
            </MenuButton>
            <button class="toolbar-button primary" onClick={() => setSaving(true)}>Save dashboard</button>
            {uid !== undefined && <button class="toolbar-button danger" onClick={() => void remove()}>Delete dashboard</button>}
            {uid !== undefined && <button class="toolbar-button" onClick={() => setEditing(false)}>Exit edit</button>}
          </>
        ) : (
          <>
            <Export dashboard={d} />
            <button class="toolbar-button" onClick={() => setEditing(true)}>Edit</button>
          </>
        )}
      </div>
      {dirty && <div class="unsaved muted" role="status">Unsaved changes</div>}
      {problem && <div class="panel-error" role="alert">{problem}</div>}
      {shown && (
        <>
          {/* as Grafana's submenu: the variables, and the links at the right of the same line */}
          <div class="dashboard-controls">
            <VariableBar variables={d.templating?.list ?? []} options={shown.options} values={shown.values} onChange={setValue} refreshing={held} />
            <DashboardLinks links={d.links ?? []} uid={d.uid} range={v.range} values={shown.values} options={shown.options} />
          </div>
          <AnnotationToggles state={annotations} />
          {viewed ? (
            <div class="viewed-panel">
              <button class="toolbar-button" onClick={() => show({ ...v, viewPanel: undefined }, shown.values)}>Back to dashboard</button>
              <Panel panel={viewed} held={held} values={shown.values} options={shown.options} range={range} utc={v.utc} explore annotations={annotations.annotations}
                heightPx={Math.max(300, window.innerHeight - 240)} widthPx={window.innerWidth - 32}
                onZoom={(fromMs, toMs) => show({ ...v, range: { from: String(fromMs), to: String(toMs) } }, shown.values)} />
            </div>
          ) : (
            <PanelGrid panels={d.panels ?? []} held={held} values={shown.values} options={shown.options} range={range} utc={v.utc} edit={editing ? edit : undefined} annotations={annotations.annotations}
              onView={(id) => show({ ...v, viewPanel: String(id) }, shown.values)}
              onZoom={(fromMs, toMs) => show({ ...v, range: { from: String(fromMs), to: String(toMs) } }, shown.values)} />
          )}
          {editing && (d.panels ?? []).length === 0 && <div class="panel-empty empty-dashboard">Start your new dashboard by adding a visualization.</div>}
          {edited?.libraryPanel && (
            <LibraryPanelEditor key={edited.id} panel={edited} values={shown.values} options={shown.options} range={range} utc={v.utc}
              onClose={() => setPanelEdited(undefined)} />
          )}
          {edited && !edited.libraryPanel && (
            <PanelEditor key={edited.id} panel={edited} values={shown.values} options={shown.options} range={range} utc={v.utc}
              onApply={(p) => { change(replacePanel(d, p)); setPanelEdited(undefined); }} onDiscard={() => setPanelEdited(undefined)} />
          )}
        </>
      )}
      {libraryOpen && (
        <ImportFromLibraryDialog onClose={() => setLibraryOpen(false)} onPick={(e) => {
          change(addPanel(d, reference(e)).dashboard);
          setLibraryOpen(false);
        }} />
      )}
      {newLibraryPanel !== undefined && (
        <NewLibraryPanelDialog panel={allPanels(d).find((p) => p.id === newLibraryPanel)!} onClose={() => setNewLibraryPanel(undefined)} onCreated={(e) => {
          const own = allPanels(d).find((p) => p.id === newLibraryPanel)!;
          change(replacePanel(d, { ...reference(e), id: own.id, gridPos: own.gridPos } as PanelModel));
          setNewLibraryPanel(undefined);
        }} />
      )}
      {jsonModel && (
        <JsonModelDialog dashboard={d} onClose={() => setJsonModel(false)} onApply={(next) => {
          changeWithVariables(next);
          setJsonModel(false);
        }} />
      )}
      {variablesOpen && (
        <VariablesDialog variables={d.templating?.list ?? []} onClose={() => setVariablesOpen(false)} onApply={(list) => {
          changeWithVariables({ ...d, templating: { ...d.templating, list } });
          setVariablesOpen(false);
        }} />
      )}
      {annotationsOpen && (
        <AnnotationsDialog annotations={d.annotations?.list ?? []} panels={allPanels(d)} onClose={() => setAnnotationsOpen(false)} onApply={(list) => {
          change({ ...d, annotations: { ...d.annotations, list } });
          setAnnotationsOpen(false);
        }} />
      )}
      {linksOpen && (
        <LinksDialog links={d.links ?? []} onClose={() => setLinksOpen(false)} onApply={(links) => {
          change({ ...d, links });
          setLinksOpen(false);
        }} />
      )}
      {saving && (
        <SaveDialog dashboard={d} isNew={uid === undefined} provisioned={loading.meta.provisioned === true} time={v.range} values={variables?.values ?? new Map()}
          onSaved={saved} onClose={() => setSaving(false)} />
      )}
    </div>
  );
}
