import protobuf from 'protobufjs/light.js';
import type { LabelPair, PushEntry, PushStream } from '@logi/protocol';
import { formatLabels, sortLabels } from '@logi/protocol';
import type { Distributor } from '../distributor/distributor.js';
import { mediaType, readDecodedBody } from './body.js';
import { HttpError } from './http-error.js';
import type { Handler } from '../app/http.js';

// OTLP/HTTP logs (opentelemetry/proto/collector/logs/v1), mapped to Loki streams with Loki's default otlp_config.

/** Resource attributes that become index labels by default (dots become underscores). */
const INDEX_ATTRIBUTES = new Set([
  'service.name', 'service.namespace', 'service.instance.id', 'deployment.environment', 'deployment.environment.name',
  'cloud.region', 'cloud.availability_zone', 'k8s.cluster.name', 'k8s.namespace.name', 'k8s.pod.name', 'k8s.container.name',
  'container.name', 'k8s.replicaset.name', 'k8s.deployment.name', 'k8s.statefulset.name', 'k8s.daemonset.name',
  'k8s.cronjob.name', 'k8s.job.name',
]);

const anyValueFields = {
  stringValue: { type: 'string', id: 1 }, boolValue: { type: 'bool', id: 2 }, intValue: { type: 'int64', id: 3 },
  doubleValue: { type: 'double', id: 4 }, arrayValue: { type: 'ArrayValue', id: 5 }, kvlistValue: { type: 'KeyValueList', id: 6 },
  bytesValue: { type: 'bytes', id: 7 },
};
const root = protobuf.Root.fromJSON({
  nested: {
    otlp: {
      nested: {
        ExportLogsServiceRequest: { fields: { resourceLogs: { rule: 'repeated', type: 'ResourceLogs', id: 1 } } },
        ResourceLogs: { fields: { resource: { type: 'Resource', id: 1 }, scopeLogs: { rule: 'repeated', type: 'ScopeLogs', id: 2 } } },
        Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
        ScopeLogs: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, logRecords: { rule: 'repeated', type: 'LogRecord', id: 2 } } },
        InstrumentationScope: { fields: { name: { type: 'string', id: 1 }, version: { type: 'string', id: 2 }, attributes: { rule: 'repeated', type: 'KeyValue', id: 3 } } },
        LogRecord: {
          fields: {
            timeUnixNano: { type: 'fixed64', id: 1 }, observedTimeUnixNano: { type: 'fixed64', id: 11 },
            severityNumber: { type: 'int32', id: 2 }, severityText: { type: 'string', id: 3 }, body: { type: 'AnyValue', id: 5 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 6 }, flags: { type: 'fixed32', id: 8 },
            traceId: { type: 'bytes', id: 9 }, spanId: { type: 'bytes', id: 10 }, eventName: { type: 'string', id: 12 },
          },
        },
        KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
        AnyValue: { oneofs: { value: { oneof: Object.keys(anyValueFields) } }, fields: anyValueFields },
        ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
        KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
      },
    },
  },
});
const ExportLogsServiceRequest = root.lookupType('otlp.ExportLogsServiceRequest');

interface AnyValue {
  stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number;
  arrayValue?: { values?: AnyValue[] }; kvlistValue?: { values?: KeyValue[] }; bytesValue?: string;
}
interface KeyValue { key?: string; value?: AnyValue }
interface LogRecord {
  timeUnixNano?: string | number; observedTimeUnixNano?: string | number; severityNumber?: number | string; severityText?: string;
  body?: AnyValue; attributes?: KeyValue[]; flags?: number; traceId?: string; spanId?: string; eventName?: string;
}
interface Request {
  resourceLogs?: { resource?: { attributes?: KeyValue[] }; scopeLogs?: { scope?: { name?: string; version?: string; attributes?: KeyValue[] }; logRecords?: LogRecord[] }[] }[];
}

function anyToString(v: AnyValue | undefined): string {
  if (!v) return '';
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.bytesValue !== undefined) return Buffer.from(v.bytesValue, 'base64').toString('base64');
  if (v.arrayValue) return JSON.stringify((v.arrayValue.values ?? []).map(anyToJSON));
  if (v.kvlistValue) return JSON.stringify(anyToJSON(v));
  return '';
}

function anyToJSON(v: AnyValue): unknown {
  if (v.kvlistValue) return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key ?? '', kv.value ? anyToJSON(kv.value) : null]));
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyToJSON);
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.doubleValue !== undefined) return v.doubleValue;
  return anyToString(v);
}

/** Flattens attributes into pairs: nested maps become `parent_child`, names with dots become underscores. */
function flatten(attrs: KeyValue[] | undefined, prefix = '', out: LabelPair[] = []): LabelPair[] {
  for (const kv of attrs ?? []) {
    const name = (prefix ? `${prefix}_` : '') + (kv.key ?? '').replace(/\./g, '_');
    if (kv.value?.kvlistValue) flatten(kv.value.kvlistValue.values, name, out);
    else out.push([name, anyToString(kv.value)]);
  }
  return out;
}

const hex = (id: string | undefined, json: boolean): string => (!id ? '' : json ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex'));

/** Maps an OTLP logs request (already decoded to plain objects) to push streams. */
export function otlpToStreams(req: Request, json: boolean): PushStream[] {
  const byLabels = new Map<string, PushStream>();
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  for (const rl of req.resourceLogs ?? []) {
    const labels: LabelPair[] = [];
    const resourceSM: LabelPair[] = [];
    for (const kv of rl.resource?.attributes ?? []) {
      const pairs = flatten([kv]);
      if (INDEX_ATTRIBUTES.has(kv.key ?? '')) labels.push(...pairs);
      else resourceSM.push(...pairs);
    }
    sortLabels(labels);
    const key = formatLabels(labels);
    let stream = byLabels.get(key);
    if (!stream) byLabels.set(key, (stream = { labels, entries: [] }));
    for (const sl of rl.scopeLogs ?? []) {
      const scopeSM = flatten(sl.scope?.attributes);
      if (sl.scope?.name) scopeSM.push(['scope_name', sl.scope.name]);
      if (sl.scope?.version) scopeSM.push(['scope_version', sl.scope.version]);
      for (const r of sl.logRecords ?? []) {
        const sm: LabelPair[] = [...resourceSM, ...scopeSM, ...flatten(r.attributes)];
        const severity = Number(r.severityNumber ?? 0);
        if (severity) sm.push(['severity_number', String(severity)]);
        if (r.severityText) sm.push(['severity_text', r.severityText]);
        const traceId = hex(r.traceId, json);
        const spanId = hex(r.spanId, json);
        if (traceId) sm.push(['trace_id', traceId]);
        if (spanId) sm.push(['span_id', spanId]);
        if (r.flags) sm.push(['flags', String(r.flags)]);
        if (r.eventName) sm.push(['event_name', r.eventName]);
        const time = BigInt(r.timeUnixNano ?? 0);
        const observed = BigInt(r.observedTimeUnixNano ?? 0);
        if (time !== 0n && observed !== 0n) sm.push(['observed_timestamp', observed.toString()]);
        const entry: PushEntry = { ts: time || observed || nowNs, line: anyToString(r.body) };
        if (sm.length) entry.sm = sm;
        stream.entries.push(entry);
      }
    }
  }
  return [...byLabels.values()];
}

/** POST /otlp/v1/logs: OTLP/HTTP protobuf or JSON. */
export function otlpHandler(distributor: Distributor): Handler {
  return async (ctx) => {
    const tenant = ctx.tenant();
    const type = mediaType(ctx.header('content-type'));
    if (type !== 'application/x-protobuf' && type !== 'application/json') {
      throw new HttpError(400, `content type: ${ctx.header('content-type') ?? ''} is not supported`);
    }
    const body = await readDecodedBody(ctx.req, ctx.header('content-encoding'));
    let req: Request;
    try {
      req = type === 'application/json'
        ? (JSON.parse(body.toString('utf8')) as Request)
        : (ExportLogsServiceRequest.toObject(ExportLogsServiceRequest.decode(body), { longs: String, bytes: String }) as Request);
    } catch (e) {
      throw new HttpError(400, `failed to parse OTLP request: ${(e as Error).message}`);
    }
    await distributor.push(tenant, otlpToStreams(req, type === 'application/json'));
    return { status: 204 };
  };
}
