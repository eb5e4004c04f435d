// Delete requests removed from storage, as Loki's compactor does in its filter-and-delete mode: once a request
// is past delete_request_cancel_period, every chunk object holding chunks of a selected stream inside the
// request's range is rewritten without the rows the request's pipeline keeps (Store.rewriteObject), then the
// request is marked processed. Queries filter the request's lines all along, so nothing shows meanwhile; a
// pass cut short leaves the request unprocessed and the next pass finishes it.
import { filterChunk } from '../chunk/filter-chunk.js';
import { isTombstone } from '../index/index-piece.js';
import { chunksIn } from '../index/tenant-index.js';
import { compileDeletes, deletedRowTest } from '../querier/delete-filter.js';
import type { Store } from '../storage/store.js';
import { filterOf, type DeleteRequest, type DeleteRequests } from './delete-requests.js';

export interface DeleteApplyConfig {
  cancelPeriodMs: number;
  /** limits_config.deletion_mode: only filter-and-delete removes lines from storage (filter-only filters forever). */
  deletionMode: (tenant: string) => string;
  log: (line: string) => void;
}

/** Applies every due request; returns the ones applied. */
export async function applyDeletes(store: Store, requests: DeleteRequests, cfg: DeleteApplyConfig, nowMs = Date.now()): Promise<DeleteRequest[]> {
  const done: DeleteRequest[] = [];
  for (const r of requests.due(cfg.cancelPeriodMs, nowMs)) {
    if (cfg.deletionMode(r.tenant) !== 'filter-and-delete') continue;
    const t0 = Date.now();
    const compiled = compileDeletes([filterOf(r)])[0]!;
    const index = store.peek(r.tenant);
    const keys = new Set<string>();
    for (const s of index?.byId.values() ?? []) {
      if (!compiled.selects(s.labels)) continue;
      for (const c of chunksIn(s, compiled.startNs, compiled.endNs)) keys.add(c.key);
    }
    let rewritten = 0;
    for (const key of keys) {
      const changed = await store.rewriteObject(r.tenant, key, (chunk, ref, s) => {
        if (isTombstone(ref) || ref.maxTs < compiled.startNs || ref.minTs > compiled.endNs) return undefined;
        const drop = deletedRowTest([compiled], s.labels);
        return drop ? filterChunk(chunk, { seriesId: s.id, labels: s.labels, lastCt: ref.lastCt }, drop) : undefined;
      }, true);
      if (changed) rewritten++;
    }
    await requests.markProcessed(r, nowMs);
    cfg.log(`level=info msg="delete request applied" tenant=${JSON.stringify(r.tenant)} request_id=${r.requestId} query=${JSON.stringify(r.query)} objects_rewritten=${rewritten} duration_ms=${Date.now() - t0}`);
    done.push(r);
  }
  return done;
}
