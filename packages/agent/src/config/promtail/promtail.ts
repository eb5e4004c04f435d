import type { LogLevel } from '../../log.js';
import { stageByPromtailKey } from '../../pipeline/pipeline.js';
import type { StageConfig } from '../../pipeline/stage.js';
import { Args } from '../args.js';
import { authorization, checkUrl } from '../endpoint.js';
import { ConfigError, type SourcePos } from '../error.js';
import { DEFAULT_POLL_MS, DEFAULT_SYNC_PERIOD_MS, ENDPOINT_DEFAULTS, type AgentConfig, type EndpointConfig, type FileTarget, type SourceConfig } from '../model.js';
import { argsOf, parseYaml, type YNode } from './yaml-nodes.js';

/** The push URL used when a Promtail file has no clients (its scrape_configs alone are a valid input). */
export const DEFAULT_CLIENT_URL = 'http://127.0.0.1:3100/loki/api/v1/push';

// Promtail stages whose whole body is the `values` map or list of the shared stage definition.
const VALUES_BODY = new Set(['labels', 'static_labels', 'structured_metadata', 'labeldrop', 'labelallow']);

function stagesOf(node: YNode | undefined, what: string): StageConfig[] {
  if (!node || node.value === null) return [];
  if (!node.items) throw new ConfigError(`${what} must be a list of stages`, node.pos);
  return node.items.map((item, i) => {
    if (!item.fields || item.fields.size !== 1) throw new ConfigError(`${what}[${i}] must be a mapping with exactly one stage name`, item.pos);
    const [key, { node: body, keyPos }] = [...item.fields][0]!;
    const def = stageByPromtailKey(key);
    if (!def) throw new ConfigError(`${what}[${i}]: stage "${key}" is not supported by logi agent`, keyPos);
    const stageWhat = `${what}[${i}].${key}`;
    if (VALUES_BODY.has(key)) return { type: def.name, args: new Args(stageWhat, { values: body.value }, keyPos, { values: body.pos }) };
    const args = argsOf(body, stageWhat, keyPos);
    if (key !== 'match') return { type: def.name, args };
    const nested = body.fields?.get('stages')?.node;
    const { stages: _omit, ...rest } = body.value as Record<string, unknown>;
    const pos: Record<string, SourcePos> = {};
    for (const [k, f] of body.fields ?? []) pos[k] = f.keyPos;
    return { type: def.name, args: new Args(stageWhat, rest, keyPos, pos), stages: stagesOf(nested, `${stageWhat}.stages`) };
  });
}

function clientConfig(node: YNode, i: number): EndpointConfig {
  const args = argsOf(node, `clients[${i}]`, node.pos);
  args.allow(['url', 'tenant_id', 'batchwait', 'batchsize', 'basic_auth', 'bearer_token', 'bearer_token_file', 'headers', 'backoff_config', 'timeout', 'external_labels', 'drop_rate_limited_batches', 'name']);
  const backoff = argsOf(node.fields?.get('backoff_config')?.node, `clients[${i}].backoff_config`, node.pos).allow(['min_period', 'max_period', 'max_retries']);
  const basicNode = node.fields?.get('basic_auth')?.node;
  return {
    url: checkUrl(args, 'url'),
    name: args.string('name', `client-${i}`),
    tenantId: args.string('tenant_id') || undefined,
    headers: args.map('headers') ?? {},
    authorization: authorization(args, basicNode ? argsOf(basicNode, `clients[${i}].basic_auth`, node.pos) : undefined),
    batchWaitMs: args.duration('batchwait', ENDPOINT_DEFAULTS.batchWaitMs),
    batchSizeBytes: args.bytes('batchsize', ENDPOINT_DEFAULTS.batchSizeBytes),
    minBackoffMs: backoff.duration('min_period', ENDPOINT_DEFAULTS.minBackoffMs),
    maxBackoffMs: backoff.duration('max_period', ENDPOINT_DEFAULTS.maxBackoffMs),
    maxRetries: backoff.number('max_retries', ENDPOINT_DEFAULTS.maxRetries),
    timeoutMs: args.duration('timeout', ENDPOINT_DEFAULTS.timeoutMs),
    retryOn429: !args.bool('drop_rate_limited_batches', false),
    externalLabels: args.map('external_labels') ?? {},
  };
}

/** Reads a Promtail YAML config into the agent model. `clientUrl` (the -client.url flag) replaces the clients. */
export function loadPromtail(text: string, file: string, clientUrl?: string): AgentConfig {
  const root = parseYaml(text, file);
  const ignoredKeys: string[] = [];
  /** Accepts the keys the agent uses and the Promtail keys it does not (those are listed in ignoredKeys). */
  const accept = (args: Args, path: string, used: readonly string[], unused: readonly string[]): Args => {
    args.allow([...used, ...unused]);
    for (const k of unused) if (args.has(k)) ignoredKeys.push(path ? `${path}.${k}` : k);
    return args;
  };
  accept(argsOf(root, 'config', { file, line: 1, col: 1 }), '', ['server', 'positions', 'clients', 'client', 'scrape_configs', 'target_config'], ['limits_config', 'options', 'tracing', 'global']);
  const field = (name: string): YNode | undefined => root.fields?.get(name)?.node;

  const server = accept(argsOf(field('server'), 'server', root.pos), 'server', ['http_listen_address', 'http_listen_port', 'log_level'], [
    'grpc_listen_address', 'grpc_listen_port', 'log_format', 'disable', 'register_instrumentation', 'http_server_read_timeout',
    'http_server_write_timeout', 'http_server_idle_timeout', 'graceful_shutdown_timeout', 'health_check_target', 'profiling_enabled',
  ]);
  const port = server.has('http_listen_port') ? server.number('http_listen_port', 0) : undefined;
  const listenAddr = port !== undefined && port > 0 ? `${server.string('http_listen_address', '127.0.0.1') || '127.0.0.1'}:${port}` : undefined;
  const level = server.string('log_level');
  if (level !== undefined && !['debug', 'info', 'warn', 'error'].includes(level)) throw server.error('log_level', 'server.log_level must be one of debug, info, warn, error');

  const positions = accept(argsOf(field('positions'), 'positions', root.pos), 'positions', ['filename', 'sync_period'], ['ignore_invalid_yaml']);
  const targetConfig = accept(argsOf(field('target_config'), 'target_config', root.pos), 'target_config', ['sync_period'], ['stdin']);
  const syncPeriodMs = targetConfig.duration('sync_period', DEFAULT_SYNC_PERIOD_MS);

  const clientNodes = [...(field('clients')?.items ?? []), ...(field('client') ? [field('client')!] : [])];
  const endpoints = clientUrl
    ? [clientConfig({ value: { url: clientUrl }, pos: root.pos, fields: undefined, items: undefined }, 0)]
    : clientNodes.map(clientConfig);
  if (endpoints.length === 0) endpoints.push(clientConfig({ value: { url: DEFAULT_CLIENT_URL }, pos: root.pos, fields: undefined, items: undefined }, 0));

  const sources: SourceConfig[] = [];
  const processes: AgentConfig['processes'] = [];
  const scrapes = field('scrape_configs');
  if (!scrapes?.items?.length) throw new ConfigError('scrape_configs must list at least one scrape config', scrapes?.pos ?? root.pos);
  scrapes.items.forEach((sc, i) => {
    const args = argsOf(sc, `scrape_configs[${i}]`, sc.pos);
    for (const k of ['relabel_configs', 'kubernetes_sd_configs', 'file_sd_configs', 'journal', 'syslog', 'docker_sd_configs', 'consul_sd_configs', 'loki_push_api']) {
      if (args.has(k)) throw args.error(k, `scrape_configs[${i}]: "${k}" is not supported by logi agent (static_configs with __path__ are)`);
    }
    args.allow(['job_name', 'static_configs', 'pipeline_stages', 'encoding', 'decompression']);
    if (args.has('decompression')) throw args.error('decompression', `scrape_configs[${i}]: decompression is not supported (compressed files are skipped)`);
    const job = args.requireString('job_name');
    const targets: FileTarget[] = [];
    for (const [j, st] of (sc.fields?.get('static_configs')?.node.items ?? []).entries()) {
      const stArgs = argsOf(st, `scrape_configs[${i}].static_configs[${j}]`, st.pos).allow(['targets', 'labels']);
      const labels = stArgs.map('labels') ?? {};
      if (!labels.__path__) throw stArgs.error('labels', `scrape_configs[${i}].static_configs[${j}]: labels need a "__path__" glob`);
      targets.push({ labels, syncPeriodMs });
    }
    if (targets.length === 0) throw args.error('static_configs', `scrape_configs[${i}]: needs static_configs with a "__path__" label`);
    const encoding = args.string('encoding', 'utf-8');
    try {
      new TextDecoder(encoding);
    } catch {
      throw args.error('encoding', `scrape_configs[${i}]: unknown encoding ${JSON.stringify(encoding)}`);
    }
    const id = `scrape_configs.${job}`;
    processes.push({ id: `${id}.pipeline_stages`, stages: stagesOf(sc.fields?.get('pipeline_stages')?.node, `scrape_configs[${i}].pipeline_stages`), forwardTo: ['clients'] });
    sources.push({ id, targets, tailFromEnd: false, encoding, pollMs: DEFAULT_POLL_MS, forwardTo: [`${id}.pipeline_stages`] });
  });

  return {
    file,
    sources,
    processes,
    writes: [{ id: 'clients', endpoints }],
    positionsFile: positions.string('filename'), // a Promtail file found there is imported (Positions.load)
    legacyPositionsFiles: [],
    positionsSyncMs: positions.duration('sync_period', 1000),
    listenAddr,
    logLevel: level as LogLevel | undefined,
    ignoredKeys,
  };
}
