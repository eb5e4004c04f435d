import type { IncomingMessage } from 'node:http';

/**
 * Moves a request below server.http_path_prefix to the path the routes know ('/logi/ready' -> '/ready'),
 * as Loki serves every route below the prefix; false when the path lies outside it (then a 404).
 */
export function stripPathPrefix(req: IncomingMessage, prefix: string): boolean {
  const url = req.url ?? '/';
  if (!prefix) return true;
  if (!url.startsWith(prefix)) return false;
  const rest = url.slice(prefix.length);
  if (rest !== '' && !rest.startsWith('/') && !rest.startsWith('?')) return false; // '/logistics' is not below '/logi'
  req.url = rest.startsWith('/') ? rest : `/${rest}`;
  return true;
}
