// The built web UI (packages/ui) served beside the API on the same port: index.html for every path that is not
// one of Loki's (the UI routes on Grafana's paths in the browser), hashed assets cached for good, each sent
// precompressed (brotli or gzip) as the client accepts. A board's page (/d/<uid>/…, and home) carries the board
// too, so that the browser draws it and sends its panels' queries without asking the API for it first.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { HOME_UID } from '@logi/ui';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
/** Where a board's JSON goes in its page: before the page's script, which reads it (dashboard-api.ts in packages/ui). */
const SCRIPT_TAG = '<script type="module"';
/** The uid in Grafana's /d/<uid>/<slug>. */
const BOARD_PATH = /^\/d\/([^/]+)/;

/** GET /api/dashboards/uid/<uid>'s body, undefined when there is no such board. */
export type BoardAnswer = (uid: string) => unknown;

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

/** The page with the board's JSON in it (`<` escaped: nothing in it can end the script element). */
function withBoard(html: string, answer: unknown): Buffer {
  const json = JSON.stringify(answer).replace(/</g, '\\u003c');
  return Buffer.from(html.replace(SCRIPT_TAG, `<script type="application/json" id="logi-dashboard">${json}</script>\n${SCRIPT_TAG}`));
}

/** The board a page opens on, if there is one: the one /d/<uid>/… names; home (/) opens the shipped board. */
function boardOf(path: string, board: BoardAnswer): unknown {
  const uid = path === '/' ? HOME_UID : BOARD_PATH.exec(path)?.[1];
  if (uid === undefined) return undefined;
  try {
    return board(decodeURIComponent(uid));
  } catch {
    return undefined; // a malformed escape: the page says the board is not found
  }
}

export class UiFiles {
  readonly #html: string | undefined;
  readonly #index: UiFile | undefined;
  readonly #assets = new Map<string, UiFile>();

  /** Reads the whole build into memory once (a few hundred KB); an unbuilt UI leaves the answers saying so. */
  constructor(publicDir: string, pathPrefix: string, private readonly board: BoardAnswer = () => undefined) {
    const indexPath = join(publicDir, 'index.html');
    if (!existsSync(indexPath)) return;
    this.#html = readFileSync(indexPath, 'utf8').replace(BASE_TAG, `<base href="${pathPrefix}/">`);
    const html = Buffer.from(this.#html);
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
    const answer = boardOf(path, this.board);
    if (answer === undefined) return encoded(this.#index, req, 'no-cache');
    // Compressed per request (a few KB, brotli at a fast level). Never stored, as Grafana sends its pages: one taken
    // from the cache (the back button) would show the board as it was before a later save.
    const html = withBoard(this.#html!, answer);
    const encoding = encodingOf(req);
    const body = encoding === 'br' ? brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : encoding === 'gzip' ? gzipSync(html) : html;
    return sent(this.#index.type, body, encoding, 'no-store');
  }
}

function encodingOf(req: IncomingMessage): ReturnType<typeof pickEncoding> {
  const header = req.headers['accept-encoding'];
  return pickEncoding(Array.isArray(header) ? header.join(',') : header);
}

function sent(type: string, body: Buffer, encoding: ReturnType<typeof pickEncoding>, cacheControl: string): Reply {
  const headers: Record<string, string> = { 'Cache-Control': cacheControl, Vary: 'Accept-Encoding' };
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  return { status: 200, contentType: type, body, headers };
}

function encoded(file: UiFile, req: IncomingMessage, cacheControl: string): Reply {
  const encoding = encodingOf(req);
  return sent(file.type, file[encoding], encoding, cacheControl);
}
