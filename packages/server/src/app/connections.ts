import type { Server, ServerResponse } from 'node:http';
import { leaveNextTurn } from '@logi/logql';
import type { Socket } from 'node:net';
import type { Config } from './config.js';

/** At most one "connection limit reached" line per this many ms, however many connections are dropped. */
const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * The HTTP server's connections: Loki's read and idle timeouts, a cap on open connections, and the graceful
 * stop of SIGTERM (no new connections, idle ones closed, in-flight requests answered, the rest cut after a grace).
 */
export class HttpConnections {
  readonly #server: Server;
  readonly #open = new Set<Socket>();
  /** sockets that have not yet sent a whole request head, with the timer that cuts them */
  readonly #awaitingRequest = new Map<Socket, NodeJS.Timeout>();
  readonly #inFlight = new Set<ServerResponse>();
  #draining = false;
  #lastDropLog = 0;

  constructor(server: Server, limits: Config['server']) {
    this.#server = server;
    const { readTimeoutMs, idleTimeoutMs, connLimit } = limits;
    if (readTimeoutMs > 0) {
      server.headersTimeout = readTimeoutMs;
      server.requestTimeout = readTimeoutMs;
    }
    server.keepAliveTimeout = idleTimeoutMs;
    if (connLimit > 0) server.maxConnections = connLimit;
    server.on('connection', (socket: Socket) => {
      this.#open.add(socket);
      // libuv accepts one connection per turn: a burst is taken before running queries go on.
      leaveNextTurn();
      // Node's header timeout only starts with the first byte: a socket that never sends one is cut here.
      if (readTimeoutMs > 0) this.#awaitingRequest.set(socket, setTimeout(() => socket.destroy(), readTimeoutMs).unref());
      socket.once('close', () => {
        this.#open.delete(socket);
        this.#requestStarted(socket);
      });
    });
    server.on('request', (req, res) => {
      this.#requestStarted(req.socket);
      this.#inFlight.add(res);
      res.once('close', () => this.#inFlight.delete(res));
    });
    server.on('upgrade', (req) => this.#requestStarted(req.socket));
    server.on('drop', () => {
      const now = Date.now();
      if (now - this.#lastDropLog < DROP_LOG_INTERVAL_MS) return;
      this.#lastDropLog = now;
      console.log(`level=warn msg="connection limit reached, new connections are closed" limit=${connLimit}`);
    });
  }

  /** True once a graceful stop began: requests still arriving on open connections are refused (503). */
  get draining(): boolean {
    return this.#draining;
  }

  #requestStarted(socket: Socket): void {
    clearTimeout(this.#awaitingRequest.get(socket));
    this.#awaitingRequest.delete(socket);
  }

  /**
   * Stops listening, closes idle keep-alive and silent sockets at once, waits for the others (in-flight
   * requests, tails being closed) and cuts what is still open after `graceMs`.
   */
  async drain(graceMs: number): Promise<void> {
    this.#draining = true;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    for (const socket of this.#awaitingRequest.keys()) socket.destroy();
    // Connections busy now are closed once their answer is out, instead of idling until the keep-alive timeout.
    for (const res of this.#inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
      res.once('finish', () => res.socket?.end());
    }
    let grace: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace over'>((resolve) => { grace = setTimeout(() => resolve('grace over'), graceMs); });
    // Once the server has closed, sockets still in #open are only waiting for their 'close' event: no timeout.
    if (await Promise.race([closed, graceOver]) === 'grace over') {
      console.log(`level=warn msg="graceful shutdown timeout reached, closing connections" open=${this.#open.size} timeout_ms=${graceMs}`);
      for (const socket of this.#open) socket.destroy();
    }
    clearTimeout(grace);
    await closed;
  }
}
