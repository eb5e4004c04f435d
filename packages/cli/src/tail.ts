// `logi query --tail`: the /loki/api/v1/tail websocket, printing entries as the server sends them
// until the server closes it or the user stops it (SIGINT/SIGTERM close it normally, exit 0).
// A connection that drops (a restarting server) is opened again from the last entry printed, as logcli does.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { CommandError } from './args.js';
import { connectionFailure, serverError, type LokiClient } from './client.js';
import type { Io } from './io.js';
import type { Labels, StreamValue } from './loki-types.js';
import type { LogOutput } from './log-output.js';

interface TailMessage {
  streams?: { stream: Labels; values: StreamValue[] }[];
  dropped_entries?: { timestamp: string; labels: Labels }[];
}

export interface TailRequest { query: string; start: bigint; limit: number; delayForSeconds: number }

/** How often, and how long apart, a dropped connection is opened again. */
const RECONNECT_ATTEMPTS = 10;
const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10_000;

/** The newest timestamp printed and the lines printed at it (a reopened tail sends them again); whether a socket ever opened. */
interface TailState { ns: bigint; lines: Set<string>; opened: boolean }

/** One websocket from open to close: 'done' when closed normally, 'dropped' when the connection broke. */
function session(client: LokiClient, request: TailRequest, printed: TailState, output: LogOutput, io: Io, stop: AbortSignal): Promise<'done' | 'dropped'> {
  const params = new URLSearchParams({
    query: request.query, limit: String(request.limit), start: String(printed.ns), delay_for: String(request.delayForSeconds),
  });
  const url = client.url('/loki/api/v1/tail', params);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url, { headers: client.headers });
  const close = (): void => socket.close(1000);
  stop.addEventListener('abort', close);
  return new Promise<'done' | 'dropped'>((resolve, reject) => {
    socket.on('open', () => { printed.opened = true; });
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as TailMessage;
      for (const s of message.streams ?? []) {
        for (const [ts, line] of s.values) {
          const ns = BigInt(ts);
          if (ns < printed.ns || (ns === printed.ns && printed.lines.has(line))) continue;
          if (ns > printed.ns) printed.lines.clear();
          printed.ns = ns;
          printed.lines.add(line);
          io.write(output.format(ns, s.stream, line, 0));
        }
      }
      if (message.dropped_entries?.length) io.warn(`Server dropped ${message.dropped_entries.length} entries due to slow client\n`);
    });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      res.on('end', () => reject(serverError(res.statusCode ?? 0, body)));
    });
    socket.on('error', (e) => reject(new CommandError(connectionFailure(client.addr, { cause: e }))));
    socket.on('close', (code, reason) => {
      if (code === 1000 || code === 1005) resolve('done');
      else if (code === 1006) resolve('dropped');
      else reject(new CommandError(`tail closed by the server (${code}${reason.length ? `: ${reason.toString()}` : ''})`));
    });
  }).finally(() => stop.removeEventListener('abort', close));
}

export async function tail(client: LokiClient, request: TailRequest, output: LogOutput, io: Io): Promise<void> {
  const stopper = new AbortController();
  const stop = (): void => stopper.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const printed: TailState = { ns: request.start, lines: new Set(), opened: false };
  let failures = 0;
  try {
    for (;;) {
      try {
        if (await session(client, request, printed, output, io, stopper.signal) === 'done') return;
        failures = 0;
        io.warn('Remote websocket connection closed unexpectedly. Connecting again.\n');
      } catch (e) {
        if (stopper.signal.aborted) return;
        // The first connection fails at once; a reconnection is retried a few times.
        if (!(e instanceof CommandError) || !printed.opened || ++failures > RECONNECT_ATTEMPTS) throw e;
        io.warn(`Error recreating tailing connection, will retry: ${e.message}\n`);
      }
      try {
        await sleep(Math.min(MIN_BACKOFF_MS * 2 ** failures, MAX_BACKOFF_MS), undefined, { signal: stopper.signal });
      } catch {
        return;
      }
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
