// Loki's exact texts for refused entries and streams (pkg/ingester/stream.go, pkg/validation).
import { formatRFC3339 } from '@logi/protocol';

/** At most this many per-entry lines in one out-of-order message (Loki's MaxReturnedErrors). */
export const MAX_RETURNED_ERRORS = 10;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's time.Time.String() in UTC: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
export function goTimeString(ns: bigint): string {
  let secs = ns / 1_000_000_000n;
  let frac = ns % 1_000_000_000n;
  if (frac < 0n) { frac += 1_000_000_000n; secs -= 1n; }
  const d = new Date(Number(secs) * 1000);
  let s = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (frac !== 0n) s += '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
  return s + ' +0000 UTC';
}

export function tooFarBehindReason(ts: bigint, cutoff: bigint): string {
  return `entry too far behind, entry timestamp is: ${formatRFC3339(ts)}, oldest acceptable timestamp is: ${formatRFC3339(cutoff)}`;
}

/** The per-stream 400 text: one line per refused entry (the first 10), then the totals. */
export function ignoredEntriesMessage(failed: readonly { ts: bigint; reason: string }[], total: number, tenant: string, streamKey: string): string {
  let s = '';
  for (const f of failed.slice(0, MAX_RETURNED_ERRORS)) s += `entry with timestamp ${goTimeString(f.ts)} ignored, reason: '${f.reason}',\n`;
  return s + `user '${tenant}', total ignored: ${failed.length} out of ${total} for stream: ${streamKey}`;
}

export function streamLimitMessage(streamKey: string, tenant: string): string {
  return `maximum active stream limit exceeded when trying to create stream ${streamKey}, reduce the number of active streams (reduce labels or reduce label values), or contact your Loki administrator to see if the limit can be increased, user: '${tenant}'`;
}
