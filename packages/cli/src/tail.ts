// `logi query --tail`: the /loki/api/v1/tail websocket, printing entries as the server sends them
// until the server closes it or the user stops it (SIGINT/SIGTERM close it normally, exit 0).
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

export async function tail(client: LokiClient, request: TailRequest, output: LogOutput, io: Io): Promise<void> {
  const params = new URLSearchParams({
    query: request.query, limit: String(request.limit), start: String(request.start), delay_for: String(request.delayForSeconds),
  });
  const url = client.url('/loki/api/v1/tail', params);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url, { headers: client.headers });
  const stop = (): void => socket.close(1000);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as TailMessage;
        for (const s of message.streams ?? []) {
          for (const [ts, line] of s.values) io.write(output.format(BigInt(ts), s.stream, line, 0));
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
        if (code === 1000 || code === 1005) resolve();
        else reject(new CommandError(`tail closed by the server (${code}${reason.length ? `: ${reason.toString()}` : ''})`));
      });
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
