// The checks Loki makes when it turns a pipeline into stages (MultiStageExpr.stages) and
// that fail the query with 400 `stage '<stage>' : <cause>`: regexps and patterns of line
// filters, ip() patterns and operators, label_format targets, and line_format/label_format templates. Stages are visited in
// Loki's execution order: line filters are hoisted to the front of each segment (segments
// end at label filters, line_format and unpack) and a segment's line filters form one stage.

import type { LineFilterStage, Stage } from './ast.js';
import { stageError } from './errors.js';
import { parseIPPattern } from './ip.js';
import { patternFilterError } from './pattern.js';
import { formatLineFilter, formatStage } from './printer.js';
import { regexError } from './regex.js';
import { quoteGo } from '@logi/protocol';
import { compileTemplate, TemplateError } from '../log/template/exec.js';

type Executed = { kind: 'filters'; filters: LineFilterStage[] } | { kind: 'stage'; stage: Stage };

/** Loki's reorderStages. */
export function executionOrder(pipeline: readonly Stage[]): Executed[] {
  const out: Executed[] = [];
  let filters: LineFilterStage[] = [];
  let others: Stage[] = [];
  const flush = (): void => {
    if (filters.length > 0) out.push({ kind: 'filters', filters });
    for (const s of others) out.push({ kind: 'stage', stage: s });
    filters = [];
    others = [];
  };
  for (const s of pipeline) {
    if (s.kind === 'line_filter') filters.push(s);
    else if (s.kind === 'label_filter') { flush(); out.push({ kind: 'stage', stage: s }); }
    else if (s.kind === 'line_format' || s.kind === 'unpack') { others.push(s); flush(); }
    else others.push(s);
  }
  flush();
  return out;
}

/** Throws the ParseError Loki reports for the first stage that cannot be built. */
export function checkStages(pipeline: readonly Stage[]): void {
  for (const ex of executionOrder(pipeline)) {
    if (ex.kind === 'filters') {
      // Loki builds the combined filter from its last element back to the first
      for (let i = ex.filters.length - 1; i >= 0; i--) {
        const cause = lineFilterError(ex.filters[i]!);
        if (cause !== undefined) throw stageError(ex.filters.map(formatLineFilter).join(' '), cause);
      }
      continue;
    }
    const cause = stageBuildError(ex.stage);
    if (cause !== undefined) throw stageError(formatStage(ex.stage), cause);
  }
}

function lineFilterError(f: LineFilterStage): string | undefined {
  const only = f.items.length === 1 ? f.items[0]! : undefined;
  if (only?.kind === 'ip') {
    if (f.op !== '|=' && f.op !== '!=') return 'ip: invalid operation';
    return parseIPPattern(only.value) ? undefined : `ip: invalid pattern: ${quoteGo(only.value)}`;
  }
  // in `or` chains Loki builds every alternative as a plain filter of the operator, ip() included
  for (const item of f.items) {
    const err = f.op === '|~' || f.op === '!~' ? regexError(item.value) : f.op === '|>' || f.op === '!>' ? patternFilterError(item.value) : undefined;
    if (err !== undefined) return err;
  }
  return undefined;
}

function stageBuildError(s: Stage): string | undefined {
  if (s.kind === 'label_filter' && s.filter.kind === 'ip') {
    return parseIPPattern(s.filter.pattern) ? undefined : `ip: invalid pattern: ${quoteGo(s.filter.pattern)}`;
  }
  if (s.kind === 'line_format') {
    const err = templateError('line', s.template);
    return err === undefined ? undefined : `invalid line template: ${err}`;
  }
  if (s.kind === 'label_format') {
    const seen = new Set<string>();
    for (const item of s.items) {
      if (item.dst === '__error__') return '__error__ cannot be formatted';
      if (seen.has(item.dst)) return `multiple label name '${item.dst}' not allowed in a single format operation`;
      seen.add(item.dst);
    }
    for (const item of s.items) {
      const err = item.template === undefined ? undefined : templateError('label', item.template);
      if (err !== undefined) return `invalid template for label '${item.dst}': ${err}`;
    }
  }
  return undefined;
}

/** Go's template parse error (unclosed action, undefined function…), checked when Loki builds the stage. */
function templateError(name: string, src: string): string | undefined {
  try {
    compileTemplate(name, src);
    return undefined;
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
}
