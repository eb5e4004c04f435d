import { quoteGo } from '@logi/protocol';

type Labels = Readonly<Record<string, string>>;

function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  return keys.length ? `{${keys.map((k) => `${k}=${quoteGo(labels[k]!)}`).join(',')}}` : '';
}

/** A monotonically increasing count per label set. Increments are plain map updates (hot path). */
export class Counter {
  readonly name: string;
  readonly help: string;
  readonly #values = new Map<string, number>();

  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  inc(n = 1, labels: Labels = {}): void {
    const k = labelText(labels);
    this.#values.set(k, (this.#values.get(k) ?? 0) + n);
  }

  get(labels: Labels = {}): number {
    return this.#values.get(labelText(labels)) ?? 0;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const [k, v] of this.#values) out += `${this.name}${k} ${v}\n`;
    return out;
  }
}

/** Prometheus text exposition of counters and of gauges computed when scraped. */
export class Metrics {
  readonly #counters: Counter[] = [];
  readonly #gauges: { name: string; help: string; type: 'gauge' | 'counter'; read: () => number }[] = [];

  counter(name: string, help: string): Counter {
    const c = new Counter(name, help);
    this.#counters.push(c);
    return c;
  }

  /** A value read at scrape time; `type` "counter" for totals kept elsewhere as plain numbers. */
  gauge(name: string, help: string, read: () => number, type: 'gauge' | 'counter' = 'gauge'): void {
    this.#gauges.push({ name, help, type, read });
  }

  render(): string {
    let out = '';
    for (const g of this.#gauges) out += `# HELP ${g.name} ${g.help}\n# TYPE ${g.name} ${g.type}\n${g.name} ${g.read()}\n`;
    for (const c of this.#counters) out += c.render();
    return out;
  }
}
