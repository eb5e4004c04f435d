// A bare TCP client for tests of connection handling (silent, idle or half-sent requests).
import { connect, type Socket } from 'node:net';

/** A connected socket to 127.0.0.1:`port` that reads and discards what the server sends, so its close is seen. */
export async function openSocket(port: number): Promise<Socket> {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  s.resume();
  await new Promise((r) => s.once('connect', r));
  return s;
}
