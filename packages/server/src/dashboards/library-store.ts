// Grafana's library panels as Logi holds them: panels kept apart from any dashboard, by uid, which dashboards name in
// a panel's `libraryPanel: {uid, name}`. One JSON file each under <path_prefix>/library-elements/.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFiles, Serial, writeJsonFile } from './json-file.js';
import { checkUid, DashboardError, newUid } from './store.js';

/** Grafana's element kinds: 1 a panel, 2 a variable (which Grafana no longer makes; nor does Logi). */
export const PANEL_KIND = 1;

export interface LibraryElement {
  id: number;
  uid: string;
  name: string;
  kind: number;
  folderUid: string;
  /** the panel's JSON, as a dashboard would hold it */
  model: Record<string, unknown>;
  version: number;
  created: string;
  updated: string;
}

export interface CreateRequest { uid?: unknown; name?: unknown; model?: unknown; kind?: unknown; folderUid?: unknown }

/** Grafana's words for a name or uid already taken (in one folder: Logi has one). */
const TAKEN = 'library element with that name or UID already exists';

export class LibraryElementStore {
  #byUid = new Map<string, LibraryElement>();
  #writes = new Serial();

  constructor(readonly dir: string) {
    for (const e of readJsonFiles<LibraryElement>(dir, 'library element')) this.#byUid.set(e.uid, e);
  }

  get(uid: string): LibraryElement | undefined {
    return this.#byUid.get(uid);
  }

  all(): LibraryElement[] {
    return [...this.#byUid.values()];
  }

  /** POST /api/library-elements: a new library panel, refused as Grafana refuses (400 with its message). */
  create(req: CreateRequest): Promise<LibraryElement> {
    return this.#writes.run(async () => {
      const uid = typeof req.uid === 'string' && req.uid ? req.uid : newUid();
      checkUid(uid);
      const { name, model } = this.#checked(req, undefined);
      if (this.#byUid.has(uid)) throw new DashboardError(400, TAKEN);
      const now = new Date().toISOString();
      return this.#put({
        id: Math.max(0, ...this.all().map((e) => e.id)) + 1, uid, name, kind: PANEL_KIND, folderUid: typeof req.folderUid === 'string' ? req.folderUid : '',
        model, version: 1, created: now, updated: now,
      });
    });
  }

  /** PATCH /api/library-elements/<uid>: a new name or model, at the version it was read at (Grafana's 412 otherwise). */
  update(uid: string, req: CreateRequest & { version?: unknown }): Promise<LibraryElement> {
    return this.#writes.run(async () => {
      const existing = this.#found(uid);
      if (req.version !== existing.version) throw new DashboardError(412, 'the library element has been changed by someone else');
      if (req.uid !== undefined && req.uid !== uid) throw new DashboardError(400, 'the uid of a library element cannot be changed');
      const { name, model } = this.#checked({ name: existing.name, model: existing.model, ...req }, uid);
      const folderUid = typeof req.folderUid === 'string' ? req.folderUid : existing.folderUid;
      return this.#put({ ...existing, name, model, folderUid, version: existing.version + 1, updated: new Date().toISOString() });
    });
  }

  /** DELETE /api/library-elements/<uid>; `connected` says whether a dashboard still names it (Grafana's 403 then). */
  delete(uid: string, connected: boolean): Promise<LibraryElement> {
    return this.#writes.run(async () => {
      const existing = this.#found(uid);
      if (connected) throw new DashboardError(403, 'the library element has connections');
      await rm(join(this.dir, `${uid}.json`), { force: true });
      this.#byUid.delete(uid);
      return existing;
    });
  }

  #found(uid: string): LibraryElement {
    const e = this.#byUid.get(uid);
    if (!e) throw new DashboardError(404, 'library element could not be found');
    return e;
  }

  /** The name and model of a request, checked; `self` is the uid of the element being changed (its name is its own). */
  #checked(req: CreateRequest, self: string | undefined): { name: string; model: Record<string, unknown> } {
    const name = typeof req.name === 'string' ? req.name.trim() : '';
    if (!name) throw new DashboardError(400, 'library element name cannot be empty');
    const kind = req.kind ?? PANEL_KIND;
    // Grafana's library variables (kind 2) are not made any more: Logi holds panels only
    if (kind !== PANEL_KIND) throw new DashboardError(400, 'the element kind is not supported');
    if (typeof req.model !== 'object' || req.model === null || Array.isArray(req.model)) throw new DashboardError(400, 'library element model must be a panel\'s JSON object');
    if (this.all().some((e) => e.name === name && e.uid !== self)) throw new DashboardError(400, TAKEN);
    return { name, model: req.model as Record<string, unknown> };
  }

  async #put(element: LibraryElement): Promise<LibraryElement> {
    await writeJsonFile(join(this.dir, `${element.uid}.json`), element);
    this.#byUid.set(element.uid, element);
    return element;
  }
}
