import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
export const LOGI_BIN = `${REPO}bin/logi.js`;
export const EXAMPLES = `${REPO}examples/`;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `pred` until it holds, failing after `ms`. */
export async function waitUntil(pred: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms}ms waiting for ${what}`);
    await sleep(100);
  }
}

export async function httpOk(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await r.text();
    return r.ok;
  } catch {
    return false;
  }
}

/** A child process whose stderr is kept (last 64 KiB) for failure messages. */
export class Proc {
  readonly child: ChildProcess;
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(cmd: string, args: string[]) {
    this.child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.resume();
    const log = process.env.LOGI_AGENT_TEST_LOG_FILE; // debugging aid: keep every child's stderr
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-65536);
      if (log) appendFileSync(log, d);
    });
    this.exited = new Promise((r) => this.child.on('exit', (code) => r(code)));
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

/** `logi agent` as a child process, with its /metrics readable. */
export class AgentProc {
  readonly proc: Proc;
  readonly metricsUrl: string;

  constructor(config: string, storage: string, port: number) {
    const level = process.env.LOGI_AGENT_TEST_LOG_LEVEL; // debugging aid
    this.proc = new Proc(process.execPath, [LOGI_BIN, 'agent', `-config.file=${config}`, `-storage.path=${storage}`, `-server.http.listen-addr=127.0.0.1:${port}`, ...(level ? [`-log.level=${level}`] : [])]);
    this.metricsUrl = `http://127.0.0.1:${port}/metrics`;
  }

  static async start(config: string, storage: string): Promise<AgentProc> {
    const a = new AgentProc(config, storage, await freePort());
    await waitUntil(() => httpOk(a.metricsUrl.replace('/metrics', '/ready')), 15_000, `agent ready (${a.proc.stderr})`);
    return a;
  }

  async metrics(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    try {
      const text = await (await fetch(this.metricsUrl, { signal: AbortSignal.timeout(2000) })).text();
      for (const line of text.split('\n')) {
        const m = /^([a-z_]+)(?:\{[^}]*\})? (\S+)$/.exec(line);
        if (m) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
      }
    } catch {
      // not up (yet)
    }
    return out;
  }
}

export interface StoredEntry {
  labels: Record<string, string>;
  ts: bigint;
  line: string;
}

/** Where the agent pushes to in end-to-end tests: `logi serve` when it runs here, else a receiver process. */
export interface Sink {
  kind: 'serve' | 'receiver';
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Everything stored, identical (stream, time, line) entries counted once, as Loki answers queries. */
  entries(selector: string): Promise<StoredEntry[]>;
}

function dedupe(list: StoredEntry[]): StoredEntry[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${JSON.stringify(Object.entries(e.labels).sort())}\n${e.ts}\n${e.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

class ReceiverSink implements Sink {
  readonly kind = 'receiver' as const;
  readonly url: string;
  readonly #port: number;
  readonly #file: string;
  #proc: Proc | undefined;

  constructor(port: number, file: string) {
    this.#port = port;
    this.#file = file;
    this.url = `http://127.0.0.1:${port}/loki/api/v1/push`;
  }

  async start(): Promise<void> {
    const p = new Proc(process.execPath, [fileURLToPath(new URL('./receiver-main.js', import.meta.url)), String(this.#port), this.#file]);
    this.#proc = p;
    await waitUntil(() => p.child.exitCode === null && httpOk(`http://127.0.0.1:${this.#port}/ready`), 10_000, 'receiver');
  }

  async stop(): Promise<void> {
    await this.#proc?.kill();
  }

  async entries(): Promise<StoredEntry[]> {
    if (!existsSync(this.#file)) return [];
    const list = readFileSync(this.#file, 'utf8').split('\n').filter(Boolean).map((l) => {
      const o = JSON.parse(l) as { labels: Record<string, string>; ts: string; line: string };
      return { labels: o.labels, ts: BigInt(o.ts), line: o.line };
    });
    return dedupe(list);
  }
}

class ServeSink implements Sink {
  readonly kind = 'serve' as const;
  readonly url: string;
  readonly #port: number;
  readonly #dir: string;
  #proc: Proc | undefined;

  constructor(port: number, dir: string) {
    this.#port = port;
    this.#dir = dir;
    this.url = `http://127.0.0.1:${port}/loki/api/v1/push`;
  }

  async start(): Promise<void> {
    this.#proc = new Proc(process.execPath, [LOGI_BIN, 'serve', `-server.http-listen-port=${this.#port}`, `-common.path-prefix=${this.#dir}`]);
    const p = this.#proc;
    await waitUntil(() => p.child.exitCode === null && httpOk(`http://127.0.0.1:${this.#port}/ready`), 20_000, 'logi serve ready');
  }

  async stop(): Promise<void> {
    await this.#proc?.kill();
  }

  /** Pages forward through query_range (5000 entries a page), starting each page at the last time seen. */
  async entries(selector: string): Promise<StoredEntry[]> {
    const out: StoredEntry[] = [];
    let start = BigInt(Date.now() - 3_600_000) * 1_000_000n;
    const end = BigInt(Date.now() + 3_600_000) * 1_000_000n;
    for (;;) {
      const q = new URLSearchParams({ query: selector, start: String(start), end: String(end), limit: '5000', direction: 'forward' });
      const res = await fetch(`http://127.0.0.1:${this.#port}/loki/api/v1/query_range?${q}`);
      if (!res.ok) throw new Error(`query_range: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { data: { result: { stream: Record<string, string>; values: [string, string][] }[] } };
      let n = 0;
      let last = start;
      for (const s of body.data.result) {
        for (const [ts, line] of s.values) {
          const t = BigInt(ts);
          out.push({ labels: s.stream, ts: t, line });
          if (t > last) last = t;
          n++;
        }
      }
      if (n < 5000) break;
      start = last;
    }
    return dedupe(out);
  }
}

/** Starts `logi serve` if it becomes ready (LOGI_AGENT_SINK=receiver forces the receiver), else a receiver process. */
export async function startSink(dir: string): Promise<Sink> {
  if (process.env.LOGI_AGENT_SINK !== 'receiver') {
    const s = new ServeSink(await freePort(), `${dir}/serve`);
    try {
      await s.start();
      return s;
    } catch {
      await s.stop();
      if (process.env.LOGI_AGENT_SINK === 'serve') throw new Error('logi serve did not start');
    }
  }
  const r = new ReceiverSink(await freePort(), `${dir}/received.jsonl`);
  await r.start();
  return r;
}
