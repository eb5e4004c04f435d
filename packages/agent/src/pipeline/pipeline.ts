import { ConfigError } from '../config/error.js';
import type { Emit, Entry } from './entry.js';
import type { Stage, StageConfig, StageContext, StageDef, StageFactory } from './stage.js';
import { dropStage } from './stage-drop.js';
import { jsonStage } from './stage-json.js';
import { labelDropStage } from './stage-label-drop.js';
import { labelKeepStage } from './stage-label-keep.js';
import { labelsStage } from './stage-labels.js';
import { logfmtStage } from './stage-logfmt.js';
import { matchStage } from './stage-match.js';
import { multilineStage } from './stage-multiline.js';
import { outputStage } from './stage-output.js';
import { regexStage } from './stage-regex.js';
import { staticLabelsStage } from './stage-static-labels.js';
import { structuredMetadataStage } from './stage-structured-metadata.js';
import { templateStage } from './stage-template.js';
import { timestampStage } from './stage-timestamp.js';

/** Every supported stage type. */
export const STAGES: readonly StageDef[] = [
  jsonStage, logfmtStage, regexStage, labelsStage, staticLabelsStage, structuredMetadataStage, timestampStage,
  multilineStage, dropStage, matchStage, templateStage, outputStage, labelDropStage, labelKeepStage,
];

export function stageByName(name: string): StageDef | undefined {
  return STAGES.find((s) => s.name === name);
}

export function stageByPromtailKey(key: string): StageDef | undefined {
  return STAGES.find((s) => (s.promtail ?? s.name) === key);
}

/** Checks stage configs (throwing ConfigError) and returns a factory for the running chain. */
export function buildStages(configs: readonly StageConfig[], drop: (e: Entry, reason: string) => void): StageFactory {
  const ctx: StageContext = { drop, buildNested: (nested) => buildStages(nested, drop) };
  const factories = configs.map((c) => {
    const def = stageByName(c.type);
    if (!def) throw new ConfigError(`unknown stage "${c.type}" (supported: ${STAGES.map((s) => s.name).join(', ')})`, c.args.where);
    c.args.allow(def.attrs);
    return def.build(c.args, ctx, c.stages ?? []);
  });
  return (next: Emit): Stage => {
    const stages: Stage[] = [];
    let emit = next;
    for (let i = factories.length - 1; i >= 0; i--) {
      const s = factories[i]!(emit);
      stages.unshift(s);
      emit = (e) => s.push(e);
    }
    return {
      push: emit,
      flush() {
        for (const s of stages) s.flush?.();
      },
      stop() {
        for (const s of stages) s.stop?.();
      },
    };
  };
}
