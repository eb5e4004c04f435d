import type { LogLevel } from '../../log.js';
import { STAGES } from '../../pipeline/pipeline.js';
import type { StageConfig } from '../../pipeline/stage.js';
import { Args } from '../args.js';
import { authorization, checkUrl } from '../endpoint.js';
import { ConfigError, knownNames, type SourcePos } from '../error.js';
import {
  DEFAULT_POLL_MS, DEFAULT_SYNC_PERIOD_MS, ENDPOINT_DEFAULTS,
  type AgentConfig, type EndpointConfig, type FileTarget, type ProcessConfig, type SourceConfig, type WriteConfig,
} from '../model.js';
import type { Block, Statement } from './ast.js';
import { Capsule, evaluate, stdlib, type Scope, type Value } from './eval.js';
import { parseAlloy } from './parser.js';

const COMPONENTS = ['local.file_match', 'loki.source.file', 'loki.process', 'loki.write'] as const;
type ComponentName = (typeof COMPONENTS)[number];

interface Body {
  args: Args;
  blocks: Block[];
}

/** Evaluates a block's attributes; nested blocks must be among `allowedBlocks`. */
function bodyOf(block: Block, scope: Scope, what: string, allowedBlocks: readonly string[]): Body {
  const values: Record<string, Value> = {};
  const pos: Record<string, SourcePos> = {};
  const blocks: Block[] = [];
  for (const s of block.body) {
    if (s.kind === 'block') {
      if (!allowedBlocks.includes(s.name)) {
        throw new ConfigError(`unrecognized block name "${s.name}" in ${what}${allowedBlocks.length > 0 ? `; ${knownNames(s.name, allowedBlocks)}` : ''}`, s.pos);
      }
      if (s.label !== undefined) throw new ConfigError(`block "${s.name}" does not take a label`, s.pos);
      blocks.push(s);
      continue;
    }
    if (s.name in values) throw new ConfigError(`attribute "${s.name}" set more than once in ${what}`, s.pos);
    values[s.name] = evaluate(s.value, scope);
    pos[s.name] = s.pos;
  }
  return { args: new Args(what, values, block.pos, pos), blocks };
}

function targetFrom(v: Value, syncPeriodMs: number, args: Args, name: string): FileTarget {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Capsule) throw args.error(name, `${args.what}: "${name}" must be a list of objects`);
  const labels: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw args.error(name, `${args.what}: target label "${k}" must be a string`);
    labels[k] = x;
  }
  if (!labels.__path__) throw args.error(name, `${args.what}: every target needs a "__path__"`);
  return { labels, syncPeriodMs };
}

function receivers(args: Args): string[] {
  const v = args.raw('forward_to');
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => x instanceof Capsule && x.kind === 'receiver')) {
    throw args.error('forward_to', `${args.what}: "forward_to" must be a non-empty list of receivers, such as [loki.write.default.receiver]`);
  }
  return (v as Capsule[]).map((c) => c.id);
}

function stageConfig(block: Block, scope: Scope): StageConfig {
  const type = block.name.slice('stage.'.length);
  const body = bodyOf(block, scope, block.name, type === 'match' ? STAGE_BLOCKS : []);
  return { type, args: body.args, stages: body.blocks.map((b) => stageConfig(b, scope)) };
}

const STAGE_BLOCKS = STAGES.map((s) => `stage.${s.name}`);

function endpointConfig(block: Block, scope: Scope, externalLabels: Record<string, string>, index: number): EndpointConfig {
  const { args, blocks } = bodyOf(block, scope, 'loki.write endpoint', ['basic_auth']);
  args.allow([
    'name', 'url', 'headers', 'batch_wait', 'batch_size', 'remote_timeout', 'tenant_id', 'min_backoff_period',
    'max_backoff_period', 'max_backoff_retries', 'retry_on_http_429', 'bearer_token', 'bearer_token_file', 'enable_http2', 'follow_redirects',
  ]);
  if (blocks.length > 1) throw new ConfigError('basic_auth given more than once', blocks[1]!.pos);
  const basic = blocks[0] ? bodyOf(blocks[0], scope, 'basic_auth', []).args : undefined;
  return {
    url: checkUrl(args, 'url'),
    name: args.string('name', `endpoint-${index}`),
    tenantId: args.string('tenant_id') || undefined,
    headers: args.map('headers') ?? {},
    authorization: authorization(args, basic),
    batchWaitMs: args.duration('batch_wait', ENDPOINT_DEFAULTS.batchWaitMs),
    batchSizeBytes: args.bytes('batch_size', ENDPOINT_DEFAULTS.batchSizeBytes),
    minBackoffMs: args.duration('min_backoff_period', ENDPOINT_DEFAULTS.minBackoffMs),
    maxBackoffMs: args.duration('max_backoff_period', ENDPOINT_DEFAULTS.maxBackoffMs),
    maxRetries: args.number('max_backoff_retries', ENDPOINT_DEFAULTS.maxRetries),
    timeoutMs: args.duration('remote_timeout', ENDPOINT_DEFAULTS.timeoutMs),
    retryOn429: args.bool('retry_on_http_429', true),
    externalLabels,
  };
}

/** Reads an Alloy configuration into the agent model; every error carries file:line:col. */
export function loadAlloy(text: string, file: string): AgentConfig {
  const stmts: Statement[] = parseAlloy(text, file);
  const scope = stdlib();
  const tables: Record<string, Scope> = { 'local.file_match': {}, 'loki.process': {}, 'loki.write': {}, 'loki.source.file': {} };
  scope.local = { file_match: tables['local.file_match']! };
  scope.loki = { process: tables['loki.process']!, write: tables['loki.write']!, source: { file: tables['loki.source.file']! } };
  const components: { name: ComponentName; id: string; block: Block }[] = [];
  let logLevel: LogLevel | undefined;
  let loggingBlock: Block | undefined;
  const seen = new Set<string>();
  for (const s of stmts) {
    if (s.kind === 'attr') throw new ConfigError(`unexpected attribute "${s.name}" at the top level; attributes belong inside a block`, s.pos);
    if (s.name === 'logging') {
      if (s.label !== undefined) throw new ConfigError('block "logging" does not take a label', s.pos);
      loggingBlock = s;
      continue;
    }
    if (!(COMPONENTS as readonly string[]).includes(s.name)) {
      throw new ConfigError(`unrecognized block name "${s.name}"; ${knownNames(s.name, ['logging', ...COMPONENTS])}`, s.pos);
    }
    if (s.label === undefined) throw new ConfigError(`component "${s.name}" must have a label, as in ${s.name} "default" { ... }`, s.pos);
    const id = `${s.name}.${s.label}`;
    if (seen.has(id)) throw new ConfigError(`component "${id}" is declared more than once`, s.pos);
    seen.add(id);
    components.push({ name: s.name as ComponentName, id, block: s });
    const table = tables[s.name]!;
    if (s.name === 'local.file_match') table[s.label] = { targets: new Capsule('targets', id) };
    else if (s.name !== 'loki.source.file') table[s.label] = { receiver: new Capsule('receiver', id) };
    else table[s.label] = {};
  }

  if (loggingBlock) {
    const { args } = bodyOf(loggingBlock, scope, 'logging', []);
    args.allow(['level', 'format']);
    const level = args.string('level', 'info');
    if (!['debug', 'info', 'warn', 'error'].includes(level)) throw args.error('level', 'logging: level must be one of debug, info, warn, error');
    logLevel = level as LogLevel;
  }

  const fileMatches = new Map<string, FileTarget[]>();
  for (const c of components.filter((x) => x.name === 'local.file_match')) {
    const { args } = bodyOf(c.block, scope, c.id, []);
    args.allow(['path_targets', 'sync_period', 'ignore_older_than']);
    const sync = args.duration('sync_period', DEFAULT_SYNC_PERIOD_MS);
    const raw = args.raw('path_targets');
    if (!Array.isArray(raw)) throw args.error('path_targets', `${c.id}: "path_targets" must be a list of objects with "__path__"`);
    fileMatches.set(c.id, raw.map((t) => targetFrom(t, sync, args, 'path_targets')));
  }

  const sources: SourceConfig[] = [];
  const processes: ProcessConfig[] = [];
  const writes: WriteConfig[] = [];
  const legacyPositionsFiles: string[] = [];
  for (const c of components) {
    if (c.name === 'loki.source.file') {
      const { args, blocks } = bodyOf(c.block, scope, c.id, ['file_watch', 'decompression']);
      args.allow(['targets', 'forward_to', 'encoding', 'tail_from_end', 'legacy_positions_file']);
      let pollMs = DEFAULT_POLL_MS;
      for (const b of blocks) {
        if (b.name === 'decompression') throw new ConfigError(`${c.id}: the decompression block is not supported by logi agent (compressed files are skipped)`, b.pos);
        const fw = bodyOf(b, scope, 'file_watch', []).args.allow(['min_poll_frequency', 'max_poll_frequency']);
        pollMs = fw.duration('min_poll_frequency', DEFAULT_POLL_MS);
      }
      const raw = args.raw('targets');
      if (raw === undefined) throw args.error('targets', `${c.id}: missing required attribute "targets"`);
      const targets = (Array.isArray(raw) ? raw : [raw]).flatMap((t) =>
        t instanceof Capsule && t.kind === 'targets' ? fileMatches.get(t.id)! : [targetFrom(t, DEFAULT_SYNC_PERIOD_MS, args, 'targets')],
      );
      const encoding = args.string('encoding', 'utf-8');
      try {
        new TextDecoder(encoding);
      } catch {
        throw args.error('encoding', `${c.id}: unknown encoding ${JSON.stringify(encoding)}`);
      }
      sources.push({ id: c.id, targets, tailFromEnd: args.bool('tail_from_end', false), encoding, pollMs, forwardTo: receivers(args) });
      const legacy = args.string('legacy_positions_file', '');
      if (legacy) legacyPositionsFiles.push(legacy);
    } else if (c.name === 'loki.process') {
      const { args, blocks } = bodyOf(c.block, scope, c.id, STAGE_BLOCKS);
      args.allow(['forward_to']);
      processes.push({ id: c.id, stages: blocks.map((b) => stageConfig(b, scope)), forwardTo: receivers(args) });
    } else if (c.name === 'loki.write') {
      const { args, blocks } = bodyOf(c.block, scope, c.id, ['endpoint']);
      args.allow(['external_labels', 'max_streams']);
      const external = args.map('external_labels') ?? {};
      if (blocks.length === 0) throw new ConfigError(`${c.id}: needs at least one endpoint block`, c.block.pos);
      writes.push({ id: c.id, endpoints: blocks.map((b, i) => endpointConfig(b, scope, external, i)) });
    }
  }
  return { file, sources, processes, writes, positionsFile: undefined, legacyPositionsFiles, positionsSyncMs: 1000, listenAddr: undefined, logLevel, ignoredKeys: [] };
}
