// Grafana's library panels as Logi holds them: panels kept apart from any dashboard, by uid, which dashboards name in
// a panel's `libraryPanel: {uid, name}`. One JSON file each under <path_prefix>/library-elements/.
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
      const name = typeof req.name === 'string' ? req.name.trim() : '';
      if (!name) throw new DashboardError(400, 'library element name cannot be empty');
      const kind = req.kind ?? PANEL_KIND;
      if (kind !== PANEL_KIND) throw new DashboardError(400, `library element kind ${JSON.stringify(kind)} is not held: Logi keeps library panels (kind 1) only`);
      if (typeof req.model !== 'object' || req.model === null || Array.isArray(req.model)) throw new DashboardError(400, 'library element model must be a panel\'s JSON object');
      const uid = typeof req.uid === 'string' && req.uid ? req.uid : newUid();
      checkUid(uid);
      if (this.#byUid.has(uid) || this.all().some((e) => e.name === name)) throw new DashboardError(400, TAKEN);
      const now = new Date().toISOString();
      const element: LibraryElement = {
        id: Math.max(0, ...this.all().map((e) => e.id)) + 1, uid, name, kind, folderUid: typeof req.folderUid === 'string' ? req.folderUid : '',
        model: req.model as Record<string, unknown>, version: 1, created: now, updated: now,
      };
      await writeJsonFile(join(this.dir, `${uid}.json`), element);
      this.#byUid.set(uid, element);
      return element;
    });
  }
}
