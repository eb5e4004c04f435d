// The server's own metrics in Prometheus's text format at GET /metrics, under the names Loki exports, so that
// a Prometheus scrape config, alerts and dashboards written for Loki read Logi unchanged. Process and Node.js
// runtime metrics come from prom-client's defaults.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PushCounters } from '../distributor/distributor.js';
import type { Ingester } from '../ingester/types.js';
import type { Reply } from './http.js';

export class ServerMetrics implements PushCounters {
  readonly #registry = new Registry();
  readonly #linesReceived: Counter<'tenant'>;
  readonly #bytesReceived: Counter<'tenant'>;
  readonly #discardedSamples: Counter<'reason' | 'tenant'>;
  readonly #discardedBytes: Counter<'reason' | 'tenant'>;
  readonly #requestDuration: Histogram<'method' | 'route' | 'status_code' | 'ws'>;

  constructor(apiVersion: string, ingester: Ingester) {
    const registers = [this.#registry];
    collectDefaultMetrics({ register: this.#registry });
    new Gauge({ name: 'loki_build_info', help: 'A metric with a constant \'1\' value labeled by version, revision, branch, and goversion from which loki was built.', labelNames: ['version', 'revision', 'branch', 'goversion'], registers })
      .set({ version: apiVersion, revision: 'logi', branch: 'main', goversion: `node${process.versions.node}` }, 1);
    this.#linesReceived = new Counter({ name: 'loki_distributor_lines_received_total', help: 'The total number of lines received per tenant', labelNames: ['tenant'], registers });
    this.#bytesReceived = new Counter({ name: 'loki_distributor_bytes_received_total', help: 'The total number of uncompressed bytes received per tenant', labelNames: ['tenant'], registers });
    this.#discardedSamples = new Counter({ name: 'loki_discarded_samples_total', help: 'The total number of samples that were discarded.', labelNames: ['reason', 'tenant'], registers });
    this.#discardedBytes = new Counter({ name: 'loki_discarded_bytes_total', help: 'The total number of bytes that were discarded.', labelNames: ['reason', 'tenant'], registers });
    this.#requestDuration = new Histogram({ name: 'loki_request_duration_seconds', help: 'Time (in seconds) spent serving HTTP requests.', labelNames: ['method', 'route', 'status_code', 'ws'], registers });
    new Gauge({
      name: 'loki_ingester_memory_streams', help: 'The total number of streams in memory per tenant.', labelNames: ['tenant'], registers,
      collect() {
        this.reset();
        for (const [tenant, n] of ingester.memoryStreams()) this.set({ tenant }, n);
      },
    });
  }

  received(tenant: string, lines: number, bytes: number): void {
    if (lines === 0) return;
    this.#linesReceived.inc({ tenant }, lines);
    this.#bytesReceived.inc({ tenant }, bytes);
  }

  discarded(tenant: string, reason: string, lines: number, bytes: number): void {
    this.#discardedSamples.inc({ reason, tenant }, lines);
    this.#discardedBytes.inc({ reason, tenant }, bytes);
  }

  /** One answered request; `route` is the route table's path, named as Loki names its routes. */
  request(method: string, route: string, status: number, seconds: number): void {
    this.#requestDuration.observe({ method, route: routeName(route), status_code: String(status), ws: 'false' }, seconds);
  }

  async reply(): Promise<Reply> {
    return { status: 200, contentType: this.#registry.contentType, body: await this.#registry.metrics() };
  }
}

/** `/loki/api/v1/label/:name/values` → `loki_api_v1_label_name_values`, Loki's route names; no route: `other`. */
export function routeName(path: string): string {
  const name = path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
  return name === '' ? 'other' : name;
}
