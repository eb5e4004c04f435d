// What detected_fields reads out of one log line, as Loki's frontend does: the line is parsed
// as JSON and, when that fails, as logfmt (non-strict, empty values dropped). Names clash only
// with the entry's stream labels (`level` → `level_extracted`). JSON fields also carry the
// path of raw keys they came from (`http_path` → ["http", "path"]), which Logs Drilldown needs
// to write `| json http_path="http.path"`: underscores in a name cannot tell nesting apart.
import {
  compileLogPipeline, ERROR_DETAILS_LABEL, ERROR_LABEL, parseExpr, PRESERVE_ERROR_LABEL, type LogPipeline, type LogSelectorExpr,
} from '@logi/logql';
import type { LabelPair } from '@logi/protocol';

export type LineParser = 'json' | 'logfmt';

export interface LineFields {
  parser: LineParser;
  /** parsed labels, error labels left out */
  labels: LabelPair[];
  /** label name → JSON key path (json only) */
  paths: Map<string, string[]>;
}

export const ERROR_LABELS: ReadonlySet<string> = new Set([ERROR_LABEL, ERROR_DETAILS_LABEL, PRESERVE_ERROR_LABEL]);

function parserPipeline(stage: LineParser): LogPipeline {
  return compileLogPipeline((parseExpr(`{x="y"} | ${stage}`) as LogSelectorExpr).pipeline);
}

/** One extractor per query: its pipelines cache per-stream state and label names of JSON paths. */
export class LineFieldExtractor {
  readonly #json = parserPipeline('json');
  readonly #logfmt = parserPipeline('logfmt');
  /** stream key + path → the label name the json stage gives that path ('' when none) */
  readonly #pathNames = new Map<string, string>();

  extract(line: string, stream: readonly LabelPair[], streamKey: string): LineFields {
    const bytes = Buffer.from(line, 'utf8');
    const json = this.#json.forStream(stream).process(0n, bytes, undefined);
    if (json !== null && !json.labels.parsed.some(([n]) => n === ERROR_LABEL)) {
      return { parser: 'json', labels: withoutErrors(json.labels.parsed), paths: this.#paths(line, stream, streamKey) };
    }
    const logfmt = this.#logfmt.forStream(stream).process(0n, bytes, undefined);
    return { parser: 'logfmt', labels: logfmt === null ? [] : withoutErrors(logfmt.labels.parsed), paths: new Map() };
  }

  /**
   * Leaf paths found with JSON.parse, each named by running the json stage itself on a line that
   * holds only that path, so names (sanitising, `_extracted`) always agree with the parser's.
   * A line the lenient json stage reads but JSON.parse refuses simply gets no paths.
   */
  #paths(line: string, stream: readonly LabelPair[], streamKey: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    let root: unknown;
    try {
      root = JSON.parse(line);
    } catch {
      return out;
    }
    for (const path of leafPaths(root, [])) {
      const key = streamKey + '\x00' + JSON.stringify(path);
      let name = this.#pathNames.get(key);
      if (name === undefined) {
        name = this.#nameOf(path, stream);
        this.#pathNames.set(key, name);
      }
      if (name !== '' && !out.has(name)) out.set(name, path);
    }
    return out;
  }

  #nameOf(path: readonly string[], stream: readonly LabelPair[]): string {
    let probe: unknown = 0;
    for (let i = path.length - 1; i >= 0; i--) probe = { [path[i]!]: probe };
    const r = this.#json.forStream(stream).process(0n, Buffer.from(JSON.stringify(probe), 'utf8'), undefined);
    return r === null ? '' : (withoutErrors(r.labels.parsed)[0]?.[0] ?? '');
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Key paths of the values the json stage extracts: strings, numbers and booleans (null and arrays are skipped). */
function* leafPaths(v: unknown, prefix: string[]): Generator<string[]> {
  if (!isObject(v)) return;
  for (const [k, child] of Object.entries(v)) {
    if (isObject(child)) yield* leafPaths(child, [...prefix, k]);
    else if (child !== null && !Array.isArray(child)) yield [...prefix, k];
  }
}

function withoutErrors(pairs: readonly LabelPair[]): LabelPair[] {
  return pairs.filter(([n]) => !ERROR_LABELS.has(n));
}
