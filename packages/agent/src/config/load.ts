import { readFileSync } from 'node:fs';
import type { Entry } from '../pipeline/entry.js';
import { buildStages } from '../pipeline/pipeline.js';
import { loadAlloy } from './alloy/alloy.js';
import { ConfigError } from './error.js';
import type { AgentConfig } from './model.js';

/** Checks what both languages share: receivers exist, forwarding has no cycle, stages build. */
export function validate(cfg: AgentConfig): AgentConfig {
  const ids = new Set([...cfg.processes.map((p) => p.id), ...cfg.writes.map((w) => w.id)]);
  const forwards = new Map<string, string[]>(cfg.processes.map((p) => [p.id, p.forwardTo]));
  for (const from of [...cfg.sources, ...cfg.processes]) {
    for (const to of from.forwardTo) if (!ids.has(to)) throw new ConfigError(`${cfg.file}: ${from.id} forwards to "${to}", which does not exist`);
  }
  const visit = (id: string, path: string[]): void => {
    if (path.includes(id)) throw new ConfigError(`${cfg.file}: forwarding loop: ${[...path, id].join(' -> ')}`);
    for (const to of forwards.get(id) ?? []) visit(to, [...path, id]);
  };
  for (const p of cfg.processes) visit(p.id, []);
  const ignore = (_e: Entry): void => {};
  for (const p of cfg.processes) buildStages(p.stages, ignore);
  return cfg;
}

/**
 * Reads and checks a config file: Promtail YAML for .yaml/.yml, Alloy syntax otherwise. The YAML
 * reader is loaded only for Promtail files (it costs ~8 MB of memory).
 */
export async function loadConfigFile(file: string, opts: { clientUrl?: string } = {}): Promise<AgentConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  const yaml = /\.ya?ml$/i.test(file);
  if (!yaml && opts.clientUrl) throw new ConfigError('-client.url applies to Promtail YAML configs only');
  if (!yaml) return validate(loadAlloy(text, file));
  const { loadPromtail } = await import('./promtail/promtail.js');
  return validate(loadPromtail(text, file, opts.clientUrl));
}
