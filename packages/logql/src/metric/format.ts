// Number formatting of Loki's (Prometheus') query JSON: sample values as Go's
// strconv.FormatFloat(v, 'f', -1, 64), timestamps as seconds with at most three decimals.
import type { LabelPair } from '@logi/protocol';
import type { MetricResult } from './result.js';

/** Shortest round-trip decimal, never in exponent form; `NaN`, `+Inf`, `-Inf`. */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const text = String(v); // JS also prints the shortest round-trip digits, but uses exponents
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exponent; // digits before the decimal point
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return negative ? '-' + out : out;
}

/** Unix ms as the JSON number of seconds Loki prints: `1795133404.026`, `1795133400`. */
export function formatTimestamp(ms: number): string {
  const negative = ms < 0;
  const abs = Math.abs(ms);
  const seconds = Math.floor(abs / 1000);
  const millis = abs - seconds * 1000;
  const text = millis === 0 ? String(seconds) : `${seconds}.${String(millis).padStart(3, '0').replace(/0+$/, '')}`;
  return negative ? '-' + text : text;
}

function metricJSON(labels: readonly LabelPair[]): string {
  return `{${labels.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`).join(',')}}`;
}

/** The `"resultType":…,"result":…` members of a query response's `data` object. */
export function metricResultJSON(result: MetricResult): string {
  switch (result.type) {
    case 'scalar':
      return `"resultType":"scalar","result":[${formatTimestamp(result.timestampMs)},"${formatSampleValue(result.value)}"]`;
    case 'vector': {
      const items = result.samples.map(
        (s) => `{"metric":${metricJSON(s.labels)},"value":[${formatTimestamp(s.timestampMs)},"${formatSampleValue(s.value)}"]}`,
      );
      return `"resultType":"vector","result":[${items.join(',')}]`;
    }
    case 'matrix': {
      const items = result.series.map((s) => {
        const points = s.values.map((v, i) => `[${formatTimestamp(s.timestampsMs[i]!)},"${formatSampleValue(v)}"]`);
        return `{"metric":${metricJSON(s.labels)},"values":[${points.join(',')}]}`;
      });
      return `"resultType":"matrix","result":[${items.join(',')}]`;
    }
  }
}
