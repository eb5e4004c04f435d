// The built web UI (packages/ui) served beside the API on the same port: index.html for every path that is not
// one of Loki's (the UI routes on Grafana's paths in the browser), hashed assets cached for good, each sent
// precompressed (brotli or gzip) as the client accepts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { extname, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { text, type Reply } from './http.js';

/** First path segments of Loki's own HTTP paths: these keep Loki's answers (404 `404 page not found` when unknown). */
const API_SEGMENTS = new Set([
  'loki', 'api', 'otlp', 'prometheus', 'ready', 'metrics', 'flush', 'config', 'services', 'log_level', 'debug',
  'distributor', 'ingester', 'querier', 'compactor', 'scheduler', 'ruler', 'memberlist', 'ring', 'admin',
  'alertmanager', 'multitenant_alertmanager', 'indexgateway', 'index-gateway', 'partition-ring', 'pattern-ingester',
  'bloom-planner', 'bloom-gateway', 'kv', 'ui',
]);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

interface UiFile {
  type: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The marker build.js writes in index.html; replaced by the path prefix so that assets load from any depth. */
const BASE_TAG = '<base href="/">';

/** Brotli when the client takes it, else gzip, else the plain bytes (a q=0 refuses). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.toLowerCase().split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q !== undefined && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

function readAsset(dir: string, name: string): UiFile {
  const p = join(dir, name);
  return {
    type: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
    identity: readFileSync(p),
    gzip: readFileSync(`${p}.gz`),
    br: readFileSync(`${p}.br`),
  };
}

export class UiFiles {
  readonly #index: UiFile | undefined;
  readonly #assets = new Map<string, UiFile>();

  /** Reads the whole build into memory once (a few hundred KB); an unbuilt UI leaves the answers saying so. */
  constructor(publicDir: string, pathPrefix: string) {
    const indexPath = join(publicDir, 'index.html');
    if (!existsSync(indexPath)) return;
    const html = Buffer.from(readFileSync(indexPath, 'utf8').replace(BASE_TAG, `<base href="${pathPrefix}/">`));
    this.#index = { type: CONTENT_TYPES['.html']!, identity: html, gzip: gzipSync(html), br: brotliCompressSync(html) };
    const assetsDir = join(publicDir, 'assets');
    for (const name of readdirSync(assetsDir)) {
      if (!name.endsWith('.gz') && !name.endsWith('.br')) this.#assets.set(name, readAsset(assetsDir, name));
    }
  }

  /** The answer when `path` (below the path prefix) belongs to the UI; undefined leaves it to the API's 404. */
  reply(req: IncomingMessage, path: string): Reply | undefined {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    const segments = path.split('/');
    if (API_SEGMENTS.has(segments[1] ?? '')) return undefined;
    if (segments[1] === 'assets') {
      const asset = segments.length === 3 ? this.#assets.get(segments[2]!) : undefined;
      return asset ? encoded(asset, req, IMMUTABLE) : text('404 page not found\n', 404);
    }
    if (!this.#index) return text('The web UI is not built: run `npm run build` in the Logi checkout, then restart logi serve.\n', 503);
    return encoded(this.#index, req, 'no-cache');
  }
}

function encoded(file: UiFile, req: IncomingMessage, cacheControl: string): Reply {
  const header = req.headers['accept-encoding'];
  const encoding = pickEncoding(Array.isArray(header) ? header.join(',') : header);
  const headers: Record<string, string> = { 'Cache-Control': cacheControl, Vary: 'Accept-Encoding' };
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  return { status: 200, contentType: file.type, body: file[encoding], headers };
}
