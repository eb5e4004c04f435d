// Delete requests (Loki's compactor delete API): what to remove, for which tenant, over which time. Lines a
// request matches are filtered out of every query from the moment it is accepted, and removed from storage by
// the compactor once the cancel period is over (delete-apply.ts); the requests are kept in
// one JSON file under the data directory (written to a temporary file, fsynced, renamed) so a restart keeps
// filtering them.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** One accepted request. Times are Unix milliseconds; `end` is inclusive, as in Loki. */
export interface DeleteRequest {
  requestId: string;
  tenant: string;
  query: string;
  startMs: number;
  endMs: number;
  createdMs: number;
  /** When the compactor removed the lines from storage (absent: filtered at query time only, so far). */
  processedMs?: number;
}

/** What a query over a stream must drop: rows in [startNs, endNs] that the log query `query` keeps. */
export interface DeleteFilter {
  query: string;
  startNs: bigint;
  endNs: bigint;
}

const VERSION = 1;

/** What a request removes, as scans and the compactor apply it. */
export function filterOf(r: DeleteRequest): DeleteFilter {
  return {
    query: r.query,
    startNs: BigInt(r.startMs) * 1_000_000n,
    // the end millisecond is inclusive: every nanosecond in it
    endNs: BigInt(r.endMs) * 1_000_000n + 999_999n,
  };
}

export class DeleteRequests {
  readonly file: string;
  #requests: DeleteRequest[] = [];
  #writing: Promise<void> = Promise.resolve();

  /** Loads `<dir>/compactor/delete_requests.json`; a missing file is no request. */
  constructor(dir: string) {
    this.file = join(dir, 'compactor', 'delete_requests.json');
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const doc = JSON.parse(text) as { version?: number; requests?: DeleteRequest[] };
    if (doc.version !== VERSION || !Array.isArray(doc.requests)) throw new Error(`${this.file}: not a version ${VERSION} delete requests file`);
    this.#requests = doc.requests;
  }

  async add(tenant: string, query: string, startMs: number, endMs: number, nowMs = Date.now()): Promise<DeleteRequest> {
    const r: DeleteRequest = { requestId: randomBytes(4).toString('hex'), tenant, query, startMs, endMs, createdMs: nowMs };
    await this.#change((all) => [...all, r]);
    return r;
  }

  /** The tenant's requests, oldest first. */
  list(tenant: string): DeleteRequest[] {
    return this.#requests.filter((r) => r.tenant === tenant).sort((a, b) => a.createdMs - b.createdMs);
  }

  get(tenant: string, requestId: string): DeleteRequest | undefined {
    return this.#requests.find((r) => r.tenant === tenant && r.requestId === requestId);
  }

  async cancel(tenant: string, requestId: string): Promise<void> {
    await this.#change((all) => all.filter((r) => !(r.tenant === tenant && r.requestId === requestId)));
  }

  /** Requests the compactor may apply: past the cancel period, not applied yet. */
  due(cancelPeriodMs: number, nowMs = Date.now()): DeleteRequest[] {
    return this.#requests.filter((r) => r.processedMs === undefined && r.createdMs + cancelPeriodMs <= nowMs);
  }

  async markProcessed(r: DeleteRequest, nowMs = Date.now()): Promise<void> {
    await this.#change((all) => all.map((x) => (x.tenant === r.tenant && x.requestId === r.requestId ? { ...x, processedMs: nowMs } : x)));
  }

  /** What every query of `tenant` must filter out; empty (the common case) costs the query nothing. */
  filters(tenant: string): DeleteFilter[] {
    return this.#requests.filter((r) => r.tenant === tenant).map(filterOf);
  }

  /**
   * Applies `edit` to the requests once the result is on disk (a request is filtered only if a restart will
   * filter it too); edits run one at a time.
   */
  #change(edit: (all: DeleteRequest[]) => DeleteRequest[]): Promise<void> {
    const done = this.#writing.then(async () => {
      const next = edit(this.#requests);
      mkdirSync(join(this.file, '..'), { recursive: true });
      const tmp = `${this.file}.tmp`;
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(JSON.stringify({ version: VERSION, requests: next }));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
      this.#requests = next;
    });
    this.#writing = done.catch(() => undefined);
    return done;
  }
}
