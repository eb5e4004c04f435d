// Grafana's dashboard provisioning: a YAML file of `providers` (apiVersion 1), each of type `file` naming a folder
// of dashboard JSON files (read recursively, as Grafana does), or a folder of such YAML files (Grafana's
// provisioning/dashboards). Provisioned dashboards are read-only through the API.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { ConfigError, expandEnv } from '../app/config.js';

/** The provider YAML shipped with Logi: the seeds' app board (uid logi-app-logs). */
export const BUILTIN_PROVISIONING = fileURLToPath(new URL('../../dashboards/provisioning.yaml', import.meta.url));

export interface ProvisionedDashboard {
  dashboard: Record<string, unknown>;
  /** the provider's name, as Grafana's meta.provisionedExternalId is the file's path relative to the provider */
  provider: string;
  externalId: string;
}

interface Provider { name?: string; type?: string; folder?: string; options?: { path?: string } }

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * The YAML documents of a Grafana provisioning `path` (`what`: dashboards, datasources): the file, or every *.yaml and
 * *.yml file of the folder in name order, with `${VAR}` replaced by the environment's value as Grafana does.
 */
export function readProvisioningFiles<T>(path: string, what: string): { path: string; doc: T }[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new ConfigError(`${what} provisioning ${path}: ${(e as Error).message}`);
  }
  const files = isDir ? readdirSync(path).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(path, n)) : [path];
  return files.map((file) => {
    try {
      return { path: file, doc: (YAML.parse(expandEnv(readFileSync(file, 'utf8'))) ?? {}) as T };
    } catch (e) {
      throw new ConfigError(`${what} provisioning ${file}: ${(e as Error).message.split('\n')[0]}`);
    }
  });
}

/** The dashboards of `path`: a provider YAML, or a folder of them. */
export function readProvisioning(path: string): ProvisionedDashboard[] {
  return readProvisioningFiles<{ apiVersion?: number; providers?: Provider[] }>(path, 'dashboards').flatMap((f) => readProviders(f.path, f.doc));
}

/**
 * The dashboards every `file` provider of the YAML at `yamlPath` points at. A relative `options.path` is taken from
 * the YAML file's folder (Grafana takes it from its working directory; the YAML's folder keeps a config and its
 * boards together).
 */
function readProviders(yamlPath: string, doc: { providers?: Provider[] }): ProvisionedDashboard[] {
  const found: ProvisionedDashboard[] = [];
  for (const p of doc.providers ?? []) {
    if ((p.type ?? 'file') !== 'file') continue; // Grafana knows no other provider type for dashboards
    const path = p.options?.path;
    if (!path) throw new ConfigError(`dashboards provisioning ${yamlPath}: provider ${JSON.stringify(p.name ?? '')} has no options.path`);
    const dir = isAbsolute(path) ? path : resolve(dirname(yamlPath), path);
    let files: string[];
    try {
      files = jsonFiles(dir);
    } catch (e) {
      throw new ConfigError(`dashboards provisioning ${yamlPath}: ${(e as Error).message}`);
    }
    for (const file of files) {
      try {
        const dashboard = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        found.push({ dashboard, provider: p.name ?? '', externalId: relative(dir, file) });
      } catch (e) {
        // Grafana logs a broken file and provisions the rest
        console.warn(`level=warn component=dashboards msg="dashboard file not provisioned" path=${file} err=${JSON.stringify((e as Error).message)}`);
      }
    }
  }
  return found;
}
