// The dashboards Logi holds: provisioned ones (read-only) and saved ones, each saved dashboard one JSON file under
// <path_prefix>/dashboards/, replaced whole (json-file.ts).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFiles, Serial, writeJsonFile } from './json-file.js';
import type { ProvisionedDashboard } from './provisioning.js';

export type DashboardJson = Record<string, unknown>;

export interface StoredDashboard {
  id: number;
  uid: string;
  dashboard: DashboardJson;
  folderUid: string;
  created: string;
  updated: string;
  provisioned?: { provider: string; externalId: string };
}

/** A refusal as Grafana words it; `status` is Grafana's short code when it has one. */
export class DashboardError extends Error {
  constructor(readonly httpStatus: number, message: string, readonly status?: string) {
    super(message);
  }
}

/** Grafana's uid rule: letters, digits, '-' and '_', at most 40 (also what keeps a uid safe as a file name). */
const UID = /^[a-zA-Z0-9_-]+$/;

export function checkUid(uid: string): void {
  if (uid.length > 40) throw new DashboardError(400, 'uid too long, max 40 characters');
  if (!UID.test(uid)) throw new DashboardError(400, 'uid contains illegal characters');
}

/** A new uid of Grafana's usual length (14 letters and digits). */
export function newUid(): string {
  return randomBytes(16).toString('base64').replace(/[^a-zA-Z0-9]/g, '').slice(0, 14);
}

export interface SaveRequest { dashboard: DashboardJson; overwrite: boolean; folderUid: string }

export class DashboardStore {
  #byUid = new Map<string, StoredDashboard>();
  #nextId = 1;
  #writes = new Serial();

  constructor(readonly dir: string, provisioned: readonly ProvisionedDashboard[]) {
    const now = new Date().toISOString();
    for (const p of provisioned) {
      const uid = typeof p.dashboard.uid === 'string' && p.dashboard.uid ? p.dashboard.uid : p.externalId.replace(/\.json$/, '').replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 40);
      if (this.#byUid.has(uid)) {
        console.warn(`level=warn component=dashboards msg="dashboard uid provisioned twice, first kept" uid=${uid} path=${p.externalId}`);
        continue;
      }
      const id = this.#nextId++;
      this.#byUid.set(uid, {
        id, uid, dashboard: { ...p.dashboard, id, uid, version: Number(p.dashboard.version) || 1 },
        folderUid: '', created: now, updated: now, provisioned: { provider: p.provider, externalId: p.externalId },
      });
    }
    this.#loadSaved();
  }

  #loadSaved(): void {
    const saved = readJsonFiles<StoredDashboard>(this.dir, 'saved dashboard');
    this.#nextId = Math.max(this.#nextId, ...saved.map((s) => s.id + 1));
    const usedIds = new Set(this.all().map((d) => d.id));
    for (const s of saved) {
      if (this.#byUid.has(s.uid)) continue; // a provisioned board of the same uid wins, as Grafana's provisioning does
      // provisioned boards are numbered at each start: a saved one whose id they took gets a fresh one
      if (usedIds.has(s.id)) s.dashboard.id = s.id = this.#nextId++;
      usedIds.add(s.id);
      this.#byUid.set(s.uid, s);
    }
  }

  get(uid: string): StoredDashboard | undefined {
    return this.#byUid.get(uid);
  }

  all(): StoredDashboard[] {
    return [...this.#byUid.values()];
  }

  /** Grafana's save rules: a new uid is created; an existing one is replaced only at its version or with overwrite. */
  save(req: SaveRequest): Promise<StoredDashboard> {
    return this.#writes.run(async () => {
      const title = typeof req.dashboard.title === 'string' ? req.dashboard.title.trim() : '';
      if (!title) throw new DashboardError(400, 'Dashboard title cannot be empty', 'empty-name');
      const uid = typeof req.dashboard.uid === 'string' && req.dashboard.uid ? req.dashboard.uid : newUid();
      checkUid(uid);
      const existing = this.#byUid.get(uid);
      if (existing?.provisioned) throw new DashboardError(400, 'Cannot save provisioned dashboard');
      if (existing && !req.overwrite) {
        // a new dashboard (no id) must not take over another's uid; an update must be of the version it was read at
        if (req.dashboard.id !== existing.id) throw new DashboardError(412, 'A dashboard with the same uid already exists', 'name-exists');
        if (Number(req.dashboard.version) !== Number(existing.dashboard.version)) {
          throw new DashboardError(412, 'The dashboard has been changed by someone else', 'version-mismatch');
        }
      }
      const now = new Date().toISOString();
      const id = existing?.id ?? this.#nextId++;
      const version = existing ? Number(existing.dashboard.version) + 1 : 1;
      const stored: StoredDashboard = {
        id, uid, folderUid: req.folderUid, created: existing?.created ?? now, updated: now,
        dashboard: { ...req.dashboard, id, uid, title, version },
      };
      await writeJsonFile(join(this.dir, `${stored.uid}.json`), stored);
      this.#byUid.set(uid, stored);
      return stored;
    });
  }

  delete(uid: string): Promise<StoredDashboard> {
    return this.#writes.run(async () => {
      const existing = this.#byUid.get(uid);
      if (!existing) throw new DashboardError(404, 'Dashboard not found', 'not-found');
      if (existing.provisioned) throw new DashboardError(400, 'provisioned dashboard cannot be deleted');
      await rm(join(this.dir, `${uid}.json`), { force: true });
      this.#byUid.delete(uid);
      return existing;
    });
  }
}
