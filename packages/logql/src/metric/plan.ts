// Turns a metric AST into a tree of step evaluators, fetching the samples of every range
// aggregation from the source (both legs of a binary operation at once).
import type { BinaryExpr, Grouping, RangeAggregationExpr, RangeOp, SampleExpr } from '../syntax/ast.js';
import { mergeBatches } from './batch-merge.js';
import { arithmetic, isSetOp } from './binary-op.js';
import { QueryError } from './errors.js';
import { AbsentNode, absentLabels } from './node-absent.js';
import { ConstantNode } from './node-constant.js';
import { LabelReplaceNode } from './node-label-replace.js';
import { RangeNode, rangeBaseNs } from './node-range.js';
import { ScalarOpNode } from './node-scalar-op.js';
import { SetOpNode } from './node-set-op.js';
import { VectorAggNode } from './node-vector-agg.js';
import { VectorOpNode } from './node-vector-op.js';
import { VectorNode } from './node-vector.js';
import type { SampleBatch, SampleSource } from './source.js';
import type { StepGrid } from './step-grid.js';
import type { StepNode } from './step-node.js';

/** An outer `sum` may reduce labels at the source only over these (Loki's canInjectVectorGrouping). */
const SUMMABLE: readonly RangeOp[] = ['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'sum_over_time'];

// Both are asked of every binary operation while planning, so they are kept per node: uncached, a chain of 500
// operators is walked to its end at each of its 500 levels.
const literals = new WeakMap<SampleExpr, number | undefined>();
const invariants = new WeakMap<SampleExpr, boolean>();

/** The value of a literal, or of a binary operation between literals (folded as the parser does). */
export function literalValue(expr: SampleExpr): number | undefined {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind !== 'binary' || isSetOp(expr.op)) return undefined;
  if (literals.has(expr)) return literals.get(expr);
  const l = literalValue(expr.left);
  const r = literalValue(expr.right);
  const value = l === undefined || r === undefined ? undefined : arithmetic(expr.op, l, r); // comparisons between literals always give 0/1
  literals.set(expr, value);
  return value;
}

/** True when no range aggregation is under `expr`: its vector is the same at every step. */
function stepInvariant(expr: SampleExpr): boolean {
  switch (expr.kind) {
    case 'vector':
    case 'literal':
      return true;
    case 'range_agg':
      return false;
    default: {
      let known = invariants.get(expr);
      if (known === undefined) {
        known = expr.kind === 'binary' ? stepInvariant(expr.left) && stepInvariant(expr.right) : stepInvariant(expr.inner);
        invariants.set(expr, known);
      }
      return known;
    }
  }
}

export async function buildNode(expr: SampleExpr, grid: StepGrid, source: SampleSource): Promise<StepNode> {
  const node = await buildVarying(expr, grid, source);
  return expr.kind !== 'vector' && stepInvariant(expr) ? new ConstantNode(node, grid) : node;
}

async function buildVarying(expr: SampleExpr, grid: StepGrid, source: SampleSource): Promise<StepNode> {
  switch (expr.kind) {
    case 'range_agg':
      return buildRange(expr, expr.grouping, grid, source);
    case 'vector_agg': {
      const inner = expr.inner;
      const pushDown =
        expr.op === 'sum' && inner.kind === 'range_agg' && inner.grouping === undefined && SUMMABLE.includes(inner.op);
      const innerNode = pushDown
        ? await buildRange(inner, expr.grouping ?? { without: false, labels: [] }, grid, source)
        : await buildNode(inner, grid, source);
      return new VectorAggNode(innerNode, expr);
    }
    case 'binary':
      return buildBinary(expr, grid, source);
    case 'label_replace':
      return new LabelReplaceNode(await buildNode(expr.inner, grid, source), expr);
    case 'vector':
      return new VectorNode(expr.value, grid);
    case 'literal':
      throw misplacedLiteral();
  }
}

/** Only binary operations take literals; Loki has no step evaluator for one anywhere else. */
function misplacedLiteral(): QueryError {
  return new QueryError('unexpected expr type (*syntax.LiteralExpr) for Evaluator type (*logql.DefaultEvaluator) ', 400);
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * The bucket a count or byte sum may be summed in (see SampleRequest.bucketNs): relative to the samples' base, the
 * windows are (i·step, i·step + range], whose edges all lie on multiples of gcd(step, range); undefined for the range
 * functions that need each sample.
 */
function sumBucketNs(expr: RangeAggregationExpr, grid: StepGrid): number | undefined {
  const summed = expr.op === 'count_over_time' || expr.op === 'bytes_over_time' || expr.op === 'bytes_rate' || (expr.op === 'rate' && !expr.range.unwrap);
  return summed ? Number(gcd(grid.stepNs, BigInt(expr.range.range))) : undefined;
}

async function buildRange(
  expr: RangeAggregationExpr,
  grouping: Grouping | undefined,
  grid: StepGrid,
  source: SampleSource,
): Promise<StepNode> {
  const baseNs = rangeBaseNs(expr, grid);
  const bucketNs = source.sumsBuckets ? sumBucketNs(expr, grid) : undefined;
  const answer = await source.select({ expr, grouping, startNs: baseNs, endNs: grid.endNs - BigInt(expr.range.offset), stepNs: grid.stepNs, bucketNs });
  const batches = Array.isArray(answer) ? (answer as readonly SampleBatch[]) : [answer as SampleBatch];
  const node = new RangeNode(expr, grid, mergeBatches(batches, baseNs), bucketNs !== undefined);
  return expr.op === 'absent_over_time' ? new AbsentNode(node, absentLabels(expr.range.selector.matchers)) : node;
}

async function buildBinary(expr: BinaryExpr, grid: StepGrid, source: SampleSource): Promise<StepNode> {
  if (literalValue(expr) !== undefined) throw misplacedLiteral();
  const op = expr.op;
  const leftLiteral = literalValue(expr.left);
  const rightLiteral = literalValue(expr.right);
  if (isSetOp(op)) {
    if (leftLiteral !== undefined || rightLiteral !== undefined) {
      const [leg, value] = leftLiteral !== undefined ? ['left', leftLiteral] : ['right', rightLiteral!];
      throw new QueryError(
        `parse error : unexpected literal for ${leg} leg of logical/set binary operation (${op}): ${value.toFixed(6)}`,
        400,
      );
    }
    const [l, r] = await Promise.all([buildNode(expr.left, grid, source), buildNode(expr.right, grid, source)]);
    return new SetOpNode(l, r, expr, op);
  }
  if (leftLiteral !== undefined) return new ScalarOpNode(await buildNode(expr.right, grid, source), op, leftLiteral, true, expr.returnBool);
  if (rightLiteral !== undefined) return new ScalarOpNode(await buildNode(expr.left, grid, source), op, rightLiteral, false, expr.returnBool);
  const [l, r] = await Promise.all([buildNode(expr.left, grid, source), buildNode(expr.right, grid, source)]);
  return new VectorOpNode(l, r, expr, op);
}
