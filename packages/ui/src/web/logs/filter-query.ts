// The query edits of a row's filter buttons, as Grafana makes them: a stream label goes into the stream selector,
// a parsed field or structured metadata becomes a label filter after the last parser (or at the end without one).
import { parser } from '@grafana/lezer-logql';
import { quoted } from '../api/logql-string.js';

export type LabelKind = 'stream' | 'metadata' | 'parsed';
export type FilterOp = '=' | '!=';

const PARSERS = new Set(['LabelParser', 'JsonExpressionParser', 'LogfmtParser', 'LogfmtExpressionParser']);

/** The first stream selector: where it ends and the text of its matchers. */
function firstSelector(expr: string): { to: number; matchers: string } | undefined {
  let found: { to: number; matchers: string } | undefined;
  parser.parse(expr).iterate({
    enter: (n) => {
      if (found) return false;
      if (n.name !== 'Selector') return true;
      const matchers = n.node.getChild('Matchers');
      found = { to: n.to, matchers: matchers ? expr.slice(matchers.from, matchers.to) : '' };
      return false;
    },
  });
  return found;
}

/** Where a label filter goes: after the pipeline stage of the last parser, else at the end of the query. */
function labelFilterPosition(expr: string): number {
  let at = expr.trimEnd().length;
  parser.parse(expr).iterate({
    enter: (n) => {
      if (!PARSERS.has(n.name)) return;
      const stage = n.node.parent;
      at = stage?.name === 'PipelineStage' ? stage.to : n.to;
    },
  });
  return at;
}

export function addLabelFilter(expr: string, kind: LabelKind, name: string, op: FilterOp, value: string): string {
  const matcher = `${name}${op}${quoted(value)}`;
  if (kind === 'stream') {
    const selector = firstSelector(expr);
    if (selector) {
      if (selector.matchers.split(',').some((m) => m.trim() === matcher)) return expr;
      const close = selector.to - 1;
      return `${expr.slice(0, close)}${selector.matchers.trim() ? ', ' : ''}${matcher}${expr.slice(close)}`;
    }
  }
  const at = labelFilterPosition(expr);
  return `${expr.slice(0, at)} | ${matcher}${expr.slice(at)}`;
}
