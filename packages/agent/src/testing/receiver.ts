import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodePushSnappyProtobuf, formatLabels, type PushEntry } from '@logi/protocol';

export interface Received {
  labels: string;
  entry: PushEntry;
}

/**
 * A minimal Loki push endpoint for tests: decodes protobuf+snappy pushes and keeps every entry.
 * `answer` decides the reply: a status code, or "reset" to drop the connection without a reply.
 */
export class Receiver {
  readonly entries: Received[] = [];
  answer: number | 'reset' = 204;
  /** Bodies larger than this get 413, as Loki answers a push over its message size limit. */
  maxBodyBytes = Infinity;
  requests = 0;
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<Receiver> {
    const server = createServer();
    const r = new Receiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        r.requests++;
        if (r.answer === 'reset') return void req.socket.destroy();
        const body = Buffer.concat(chunks);
        const answer = body.length > r.maxBodyBytes ? 413 : r.answer;
        if (answer >= 200 && answer < 300) {
          for (const s of decodePushSnappyProtobuf(body)) {
            const labels = formatLabels(s.labels);
            for (const entry of s.entries) r.entries.push({ labels, entry });
          }
        }
        res.writeHead(answer, { 'Content-Type': 'text/plain' });
        res.end(answer >= 300 ? `answer ${answer}` : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/loki/api/v1/push`;
  }

  lines(): string[] {
    return this.entries.map((e) => e.entry.line);
  }

  /** Resolves once `n` entries arrived, rejecting after `ms`. */
  async waitFor(n: number, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (this.entries.length < n) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${n} entries (have ${this.entries.length})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((r) => this.#server.close(() => r()));
  }
}
