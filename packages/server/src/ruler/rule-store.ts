// Rule files on disk as Loki's local rule store lays them out: <dir>/<tenant>/<namespace>, the
// namespace being the file's name (dotfiles and directories skipped). Writes go through a temporary
// file and a rename so that the poller never reads half a file.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpError } from '../api/http-error.js';
import { groupToYamlObject, parseRuleFile, toYaml, type RuleGroupSpec } from './rule-file.js';

/** What the poller compares between scans: a file changed when its mtime or size did. */
export interface FileStamp {
  path: string;
  stamp: string;
}

export const GROUP_NOT_FOUND = 'group does not exist';
export const NAMESPACE_NOT_FOUND = 'group namespace does not exist';

/** Loki refuses path traversal in a namespace or group name (filepath.IsLocal); a file name must also be one segment. */
export function checkName(name: string, what: 'namespace' | 'groupname'): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0')) {
    throw new HttpError(500, `invalid ${what}: path traversal not allowed`);
  }
  return name;
}

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR';

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

export class RuleStore {
  readonly dir: string;
  /** one write at a time: a POST reads, changes and writes its namespace file */
  #writing: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Every namespace file of every tenant, with a stamp that changes when the file does. */
  async scan(): Promise<Map<string, Map<string, FileStamp>>> {
    const out = new Map<string, Map<string, FileStamp>>();
    for (const tenant of await entries(this.dir)) {
      const files = new Map<string, FileStamp>();
      for (const ns of await entries(join(this.dir, tenant))) {
        const path = join(this.dir, tenant, ns);
        try {
          const st = await stat(path);
          if (st.isFile()) files.set(ns, { path, stamp: `${st.mtimeMs}:${st.size}` });
        } catch (e) {
          if (!isMissing(e)) throw e;
        }
      }
      if (files.size > 0) out.set(tenant, files);
    }
    return out;
  }

  /** A namespace's groups; [] when the file does not exist; throws RuleFileError when it does not decode. */
  async readNamespace(tenant: string, namespace: string): Promise<RuleGroupSpec[]> {
    let text: string;
    try {
      text = await readFile(join(this.dir, tenant, namespace), 'utf8');
    } catch (e) {
      if (isMissing(e)) return [];
      throw e;
    }
    return parseRuleFile(text);
  }

  /** The namespaces of a tenant with their groups (files that do not decode are left out). */
  async readTenant(tenant: string): Promise<Map<string, RuleGroupSpec[]>> {
    const out = new Map<string, RuleGroupSpec[]>();
    for (const ns of await entries(join(this.dir, tenant))) {
      try {
        const groups = await this.readNamespace(tenant, ns);
        if (groups.length > 0) out.set(ns, groups);
      } catch {
        // reported by the ruler's loader with the file's path
      }
    }
    return out;
  }

  /** Adds the group to its namespace file, or replaces the group of the same name in place. */
  async setGroup(tenant: string, namespace: string, group: RuleGroupSpec): Promise<void> {
    await this.#update(tenant, namespace, (groups) => {
      const i = groups.findIndex((g) => g.name === group.name);
      if (i >= 0) groups[i] = group;
      else groups.push(group);
      return groups;
    });
  }

  async deleteGroup(tenant: string, namespace: string, name: string): Promise<void> {
    await this.#update(tenant, namespace, (groups) => {
      const i = groups.findIndex((g) => g.name === name);
      if (i < 0) throw new HttpError(404, GROUP_NOT_FOUND);
      groups.splice(i, 1);
      return groups;
    });
  }

  async deleteNamespace(tenant: string, namespace: string): Promise<void> {
    await this.#update(tenant, namespace, (groups) => {
      if (groups.length === 0) throw new HttpError(404, NAMESPACE_NOT_FOUND);
      return [];
    });
  }

  #update(tenant: string, namespace: string, change: (groups: RuleGroupSpec[]) => RuleGroupSpec[]): Promise<void> {
    const run = this.#writing.then(async () => {
      const path = join(this.dir, tenant, namespace);
      const groups = change(await this.readNamespace(tenant, namespace));
      if (groups.length === 0) {
        await rm(path, { force: true });
        return;
      }
      await mkdir(join(this.dir, tenant), { recursive: true });
      // the temporary name starts with a dot: the poller skips it
      const tmp = join(this.dir, tenant, `.${namespace}.tmp`);
      await writeFile(tmp, toYaml({ groups: groups.map(groupToYamlObject) }));
      await rename(tmp, path);
    });
    this.#writing = run.catch(() => undefined);
    return run;
  }
}
