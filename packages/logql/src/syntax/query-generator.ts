// A deterministic generator of LogQL queries for differential tests: valid queries built
// from every construct of the grammar, and broken variants made by token-level mutations.
// Each query carries the tags of the unusual syntax it used, so a test can tell an
// expected difference between parsers from a real disagreement.

export type QueryTag =
  | 'reserved-word-label' // a Loki keyword (by, bool, on, offset, …) used as a label name
  | 'function-word-label' // `vector` or `label_replace` as a label name (a keyword only before `(`)
  | 'go-comment' // `//` or `/* */`, skipped by Go's scanner
  | 'digit-separator' // `1_000`
  | 'fraction-range' // `[1.5m]`: only Prometheus durations are ranges in Loki
  | 'label-filter-juxtaposition' // `| a="1" b="2"`: filters without a separator
  | 'unicode-label' // a label name with non-ASCII letters
  | 'negative-zero' // `-0`, a duration token in Loki
  | 'variants' // `variants(…) of (…)`
  | 'parenthesized-pipeline-unwrap' // `({…} | json | unwrap x) [5m]`
  | 'trailing-comma-matching-labels' // `on(a,)`, `group_left(b,)`
  | 'pipeline-unwrap-offset' // `{…} | json | unwrap x [5m] offset 1h`
  | 'or-after-ip' // `|= "a" != ip("…") or "b"`: an `or` alternative after an `ip()` one
  | 'mutated';

export interface GeneratedQuery {
  text: string;
  tags: QueryTag[];
}

/** mulberry32: small, fast and the same on every run for a seed. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const LABELS = ['app', 'env', 'job', 'level', 'namespace', 'pod', 'status', 'path', 'user_id', '_private', 'Host2'];
/** Words Loki's lexer always reads as keywords (its `tokens` map). */
const RESERVED = [
  'by', 'without', 'bool', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'unwrap', 'or', 'and', 'unless', 'json', 'logfmt',
  'regexp', 'unpack', 'pattern', 'line_format', 'label_format', 'decolorize', 'drop', 'keep', 'variants', 'of',
];
const STRINGS = ['"api"', '"prod"', '"a.*"', '"x|y"', '"error"', '`raw\\d+`', '"with \\"quote\\""', '""', '"계정"', '"(?i)get"'];
const RANGES = ['1m', '5m', '30s', '1h', '1h30m', '2d', '1w', '500ms', '10m'];
const DURATIONS = ['250ms', '1s', '1.5s', '2h45m', '300us', '1m30s', '5m'];
const BYTES = ['1KB', '1.5MB', '10KiB', '300B', '2GB', '1kB'];
const NUMBERS = ['0', '1', '2.5', '100', '1e3', '.5', '42'];
const RANGE_OPS = ['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time'];
const UNWRAP_OPS = ['sum_over_time', 'avg_over_time', 'min_over_time', 'max_over_time', 'stddev_over_time', 'stdvar_over_time', 'first_over_time', 'last_over_time', 'rate_counter', 'rate'];
const VECTOR_OPS = ['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'sort', 'sort_desc'];
const BIN_OPS = ['+', '-', '*', '/', '%', '^', '==', '!=', '>', '>=', '<', '<=', 'and', 'or', 'unless'];

class Builder {
  readonly tags = new Set<QueryTag>();
  constructor(readonly r: Rng) {}

  label(): string {
    if (this.r.chance(0.01)) { this.tags.add('reserved-word-label'); return this.r.pick(RESERVED); }
    if (this.r.chance(0.01)) { this.tags.add('unicode-label'); return 'élan'; }
    if (this.r.chance(0.01)) { this.tags.add('function-word-label'); return this.r.pick(['vector', 'label_replace']); }
    return this.r.pick(LABELS);
  }
  matcher(): string {
    return `${this.label()}${this.r.pick(['=', '!=', '=~', '!~'])}${this.r.pick(STRINGS)}`;
  }
  selector(): string {
    const n = 1 + this.r.int(3);
    const ms = Array.from({ length: n }, () => this.matcher());
    // keep one matcher that selects something, so validation never hides the syntax check
    ms[0] = `app="api"`;
    return `{${ms.join(this.r.pick([', ', ',', ' , ']))}}`;
  }
  lineFilter(): string {
    const op = this.r.pick(['|=', '!=', '|~', '!~', '|>', '!>']);
    const item = (): string => (this.r.chance(0.15) && (op === '|=' || op === '!=') ? 'ip("10.0.0.0/8")' : this.r.pick(STRINGS));
    let last = item();
    let s = `${op} ${last}`;
    while (this.r.chance(0.25)) {
      if (last.startsWith('ip(')) this.tags.add('or-after-ip');
      last = item();
      s += ` or ${last}`;
    }
    return s;
  }
  number(): string {
    if (this.r.chance(0.03)) { this.tags.add('digit-separator'); return '1_000'; }
    return this.r.pick(NUMBERS);
  }
  labelFilterAtom(): string {
    const name = this.label();
    switch (this.r.int(5)) {
      case 0: return this.matcher();
      case 1: return `${name} ${this.r.pick(['>', '>=', '<', '<=', '==', '!=', '='])} ${this.r.pick(['', '-', '+'])}${this.number()}`;
      case 2: return `${name} ${this.r.pick(['>', '>=', '<', '<=', '==', '!='])} ${this.r.pick(DURATIONS)}`;
      case 3: return `${name} ${this.r.pick(['>', '>=', '<', '<=', '==', '!='])} ${this.r.pick(BYTES)}`;
      default: return `${name} ${this.r.pick(['=', '!='])} ip("192.168.0.0/16")`;
    }
  }
  labelFilter(depth = 0): string {
    let s = this.labelFilterAtom();
    if (depth < 2 && this.r.chance(0.2)) s = `(${this.labelFilter(depth + 1)})`;
    while (depth < 2 && this.r.chance(0.3)) {
      const sep = this.r.pick([' and ', ' or ', ', ', ' ']);
      if (sep === ' ') this.tags.add('label-filter-juxtaposition');
      s += sep + this.labelFilter(depth + 1);
    }
    return s;
  }
  params(): string {
    const n = 1 + this.r.int(3);
    return Array.from({ length: n }, () => (this.r.chance(0.5) ? this.label() : `${this.label()}=${this.r.pick(['"a.b"', '"tags[0]"', '"x"'])}`)).join(', ');
  }
  stage(): string {
    switch (this.r.int(12)) {
      case 0: case 1: return this.lineFilter();
      case 2: return this.r.chance(0.5) ? '| json' : `| json ${this.params()}`;
      case 3: {
        const flags = this.r.pick(['', ' --strict', ' --keep-empty', ' --strict --keep-empty']);
        return this.r.chance(0.5) ? `| logfmt${flags}` : `| logfmt${flags} ${this.params()}`;
      }
      case 4: return this.r.pick(['| regexp "(?P<x>\\\\w+)"', '| pattern "<ip> - <_>"', '| unpack']);
      case 5: case 6: return `| ${this.labelFilter()}`;
      case 7: return `| line_format ${this.r.pick(['"{{.app}}"', '`{{ .msg | ToUpper }}`'])}`;
      case 8: return `| label_format ${this.r.chance(0.5) ? 'dst=src' : 'dst="{{.x}}"'}${this.r.chance(0.3) ? ', other=app' : ''}`;
      case 9: return '| decolorize';
      case 10: return `| drop ${this.r.chance(0.5) ? this.label() : this.matcher()}${this.r.chance(0.3) ? ', ' + this.label() : ''}`;
      default: return `| keep ${this.r.chance(0.5) ? this.label() : this.matcher()}${this.r.chance(0.3) ? ', ' + this.label() : ''}`;
    }
  }
  pipeline(max = 4): string {
    return Array.from({ length: this.r.int(max + 1) }, () => this.stage()).join(' ');
  }
  logExpr(): string {
    const s = `${this.selector()} ${this.pipeline()}`.trim();
    return this.r.chance(0.1) ? `(${s})` : s;
  }
  range(): string {
    if (this.r.chance(0.03)) { this.tags.add('fraction-range'); return '[1.5m]'; }
    return `[${this.r.pick(RANGES)}]`;
  }
  offset(): string {
    return this.r.chance(0.3) ? ` offset ${this.r.pick(['5m', '1h', '-30s', '1.5h'])}` : '';
  }
  unwrap(): string {
    const conv = this.r.pick(['', 'bytes', 'duration', 'duration_seconds']);
    let s = conv === '' ? `| unwrap ${this.label()}` : `| unwrap ${conv}(${this.label()})`;
    if (this.r.chance(0.3)) s += ` | ${this.labelFilter()}`;
    return s;
  }
  logRange(withUnwrap: boolean): string {
    const sel = this.selector();
    const pipe = this.pipeline(2);
    const unwrap = withUnwrap ? this.unwrap() : '';
    switch (this.r.int(3)) {
      case 0: {
        const offset = this.offset();
        if (pipe !== '' && unwrap !== '' && offset !== '') this.tags.add('pipeline-unwrap-offset');
        return `${sel} ${pipe} ${unwrap} ${this.range()}${offset}`;
      }
      case 1: return `${sel} ${this.range()}${this.offset()} ${pipe} ${unwrap}`;
      default:
        if (pipe !== '' && unwrap !== '') this.tags.add('parenthesized-pipeline-unwrap');
        return `(${sel} ${pipe} ${unwrap}) ${this.range()}${this.offset()}`;
    }
  }
  grouping(): string {
    const labels = Array.from({ length: this.r.int(3) }, () => this.label()).join(', ');
    return `${this.r.pick(['by', 'without'])} (${labels})`;
  }
  rangeAgg(): string {
    if (this.r.chance(0.5)) return `${this.r.pick(RANGE_OPS)}(${this.logRange(false)})`;
    const op = this.r.pick(UNWRAP_OPS);
    const grouping = ['sum_over_time', 'rate_counter', 'rate'].includes(op) || this.r.chance(0.5) ? '' : ` ${this.grouping()}`;
    if (this.r.chance(0.2)) return `quantile_over_time(0.${1 + this.r.int(9)}, ${this.logRange(true)})${grouping}`;
    return `${op}(${this.logRange(true)})${grouping}`;
  }
  metric(depth = 0): string {
    const k = depth > 2 ? this.r.int(2) : this.r.int(8);
    switch (k) {
      case 0: return this.rangeAgg();
      case 1: {
        if (!this.r.chance(0.3)) return `vector(${this.number()})`;
        const n = `${this.r.chance(0.5) ? '-' : ''}${this.number()}`;
        if (n === '-0') this.tags.add('negative-zero');
        return n;
      }
      case 2: case 3: {
        const op = this.r.pick([...VECTOR_OPS, 'topk', 'bottomk']);
        const param = op === 'topk' || op === 'bottomk' ? `${1 + this.r.int(5)}, ` : '';
        const g = op.startsWith('sort') ? '' : this.grouping();
        const inner = this.metric(depth + 1);
        switch (this.r.int(3)) {
          case 0: return `${op}(${param}${inner})`;
          case 1: return `${op} ${g} (${param}${inner})`;
          default: return `${op}(${param}${inner}) ${g}`;
        }
      }
      case 4: case 5: {
        const op = this.r.pick(BIN_OPS);
        let mod = this.r.chance(0.2) && !['and', 'or', 'unless'].includes(op) ? ' bool' : '';
        if (this.r.chance(0.3)) {
          mod += ` ${this.r.pick(['on', 'ignoring'])}(${this.r.chance(0.7) ? this.label() : ''})`;
          if (this.r.chance(0.4)) mod += ` ${this.r.pick(['group_left', 'group_right'])}${this.r.chance(0.5) ? `(${this.label()})` : ''}`;
        }
        return `${this.metric(depth + 1)} ${op}${mod} ${this.metric(depth + 1)}`;
      }
      case 6: return `label_replace(${this.metric(depth + 1)}, "dst", "$1", "src", "(.*)")`;
      default: return `(${this.metric(depth + 1)})`;
    }
  }
  query(): string {
    const roll = this.r.int(100);
    let q: string;
    if (roll < 35) q = this.logExpr();
    else if (roll < 97) q = this.metric();
    else if (roll < 98) { this.tags.add('variants'); q = `variants(${this.rangeAgg()}) of (${this.selector()})`; }
    else if (roll < 99) { this.tags.add('negative-zero'); q = '-0'; }
    else { this.tags.add('go-comment'); q = `${this.logExpr()} // note`; }
    return q.replace(/ +/g, ' ').trim();
  }
}

/** Splits a query into rough tokens for mutation (strings kept whole). */
function roughTokens(q: string): string[] {
  return q.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_]*|[0-9.]+[a-zA-Z]*|\|[=~>]?|![=~>]|=[=~]?|[<>]=?|[(){},+\-*/%^]|\S/g) ?? [];
}

const INSERTS = ['(', ')', '{', '}', ',', '|', '|=', '=', 'by', 'or', 'and', '1', '"x"', '[5m]', 'sum', 'unwrap', 'offset', 'bool', '+', 'json'];

const SEPARATORS = new Set(['and', 'or', ',', '|']);

/**
 * A broken (or accidentally still valid) variant of a query. Removing or moving a separator (or a pipe)
 * can leave two label filters side by side, which Loki reads as `and`.
 */
export function mutate(q: string, r: Rng): GeneratedQuery {
  const toks = roughTokens(q);
  const i = r.int(toks.length);
  const tags: QueryTag[] = ['mutated'];
  const kind = r.int(5);
  if ((kind === 0 || kind === 2) && (SEPARATORS.has(toks[i] ?? '') || SEPARATORS.has(toks[i + 1] ?? ''))) tags.push('label-filter-juxtaposition');
  const insert = kind === 1 ? toks[i]! : r.pick(INSERTS);
  // a keyword moved to where a label name goes is a reserved-word label
  const moved = kind === 2 ? [toks[i], toks[i + 1]] : kind === 1 || kind === 3 ? [insert] : [];
  if (moved.some((t) => RESERVED.includes(t ?? ''))) tags.push('reserved-word-label');
  switch (kind) {
    case 0: toks.splice(i, 1); break;
    case 1: case 3: toks.splice(i, 0, insert); break;
    case 2: if (i + 1 < toks.length) [toks[i], toks[i + 1]] = [toks[i + 1]!, toks[i]!]; break;
    default: toks.length = i;
  }
  const text = toks.join(' ');
  if (text.includes(', )')) tags.push('trailing-comma-matching-labels');
  return { text, tags };
}

/** `valid` queries from every construct, then `broken` mutations of them. */
export function generateQueries(seed: number, valid: number, broken: number): GeneratedQuery[] {
  const r = new Rng(seed);
  const out: GeneratedQuery[] = [];
  for (let i = 0; i < valid; i++) {
    const b = new Builder(r);
    const text = b.query();
    out.push({ text, tags: [...b.tags] });
  }
  for (let i = 0; i < broken; i++) {
    const src = out[r.int(valid)]!;
    const m = mutate(src.text, r);
    out.push({ text: m.text, tags: [...src.tags, ...m.tags] });
  }
  return out;
}
