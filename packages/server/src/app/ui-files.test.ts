import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { pickEncoding, UiFiles } from './ui-files.js';

interface RawAnswer { status: number; headers: IncomingHttpHeaders; body: Buffer }

/** node:http, not fetch: fetch would pick its own Accept-Encoding and decode the body. */
function get(base: string, path: string, opts: { method?: string; acceptEncoding?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers = opts.acceptEncoding === undefined ? {} : { 'Accept-Encoding': opts.acceptEncoding };
    const req = request(`${base}${path}`, { method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const scriptOf = (html: string): string => /src="(assets\/[^"]+\.js)"/.exec(html)![1]!;

describe('the web UI served by logi serve', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.close(); });

  test('/ and Grafana paths at any depth answer index.html, not cached, with a base for absolute asset URLs', async () => {
    for (const path of ['/', '/explore?schemaVersion=1&orgId=1', '/d/abc/my-board', '/dashboards', '/alerting/list', '/a/b/c/d']) {
      const r = await get(server.base, path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8', path);
      // home carries the shipped board: never stored (below)
      assert.equal(r.headers['cache-control'], path === '/' ? 'no-store' : 'no-cache', path);
      const html = r.body.toString();
      assert.match(html, /<base href="\/">/, path);
      assert.match(html, /<script type="module" src="assets\/main-[A-Z0-9]+\.js">/, path);
    }
  });

  test("a board's page carries GET /api/dashboards/uid/<uid>'s body, escaped, in every encoding, and is never stored", async () => {
    const board = { uid: 'embed-me', title: 'Ends </script><script>alert(1)</script> here', panels: [], schemaVersion: 39 };
    const saved = await fetch(`${server.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: board }) });
    assert.equal(saved.status, 200);
    const api = await (await fetch(`${server.base}/api/dashboards/uid/embed-me`)).json();
    const embeddedIn = (html: string): unknown => {
      const m = /<script type="application\/json" id="logi-dashboard">(.*?)<\/script>\n<script type="module"/s.exec(html);
      assert.ok(m, html);
      assert.ok(!m[1]!.includes('<'), m[1]); // nothing in it can end the element
      return JSON.parse(m[1]!);
    };
    for (const path of ['/d/embed-me', '/d/embed-me/ends-script-here?var-x=1', '/d/%65mbed-me/slug']) {
      const plain = await get(server.base, path);
      assert.equal(plain.status, 200, path);
      assert.equal(plain.headers['cache-control'], 'no-store', path);
      assert.deepEqual(embeddedIn(plain.body.toString()), api, path);
      const br = await get(server.base, path, { acceptEncoding: 'br' });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.deepEqual(brotliDecompressSync(br.body), plain.body);
      const gz = await get(server.base, path, { acceptEncoding: 'gzip' });
      assert.deepEqual(gunzipSync(gz.body), plain.body);
    }
    // a save is in the next page sent
    const renamed = await fetch(`${server.base}/api/dashboards/db`, { method: 'POST', body: JSON.stringify({ dashboard: { ...board, title: 'Renamed' }, overwrite: true }) });
    assert.equal(renamed.status, 200);
    assert.equal((embeddedIn((await get(server.base, '/d/embed-me')).body.toString()) as { dashboard: { title: string } }).dashboard.title, 'Renamed');
    // no board, or a malformed uid: the page as usual, which asks the API (and shows its 404)
    // home opens the shipped board
    assert.equal((embeddedIn((await get(server.base, '/')).body.toString()) as { dashboard: { uid: string } }).dashboard.uid, 'logi-app-logs');
    for (const path of ['/d/no-such-board/x', '/d/%E0%A4%A', '/dashboards', '/explore']) {
      const r = await get(server.base, path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers['cache-control'], 'no-cache', path);
      assert.doesNotMatch(r.body.toString(), /logi-dashboard/, path);
    }
  });

  test('HEAD answers the headers of GET without a body', async () => {
    const full = await get(server.base, '/explore');
    const head = await get(server.base, '/explore', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers['content-length'], String(full.body.length));
  });

  test('a hashed asset is immutable, typed, and sent as brotli, gzip or plain by Accept-Encoding', async () => {
    const script = scriptOf((await get(server.base, '/')).body.toString());
    const plain = await get(server.base, `/${script}`);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.equal(plain.headers['content-encoding'], undefined);
    const br = await get(server.base, `/${script}`, { acceptEncoding: 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.ok(br.body.length < plain.body.length);
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);
    const gz = await get(server.base, `/${script}`, { acceptEncoding: 'gzip, br;q=0' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);
    const head = await get(server.base, `/${script}`, { method: 'HEAD', acceptEncoding: 'br' });
    assert.equal(head.headers['content-length'], String(br.body.length));
    assert.equal(head.body.length, 0);
  });

  test('an unknown asset is 404', async () => {
    for (const path of ['/assets/main-NOPE.js', '/assets/', '/assets/a/b.js']) {
      const r = await get(server.base, path);
      assert.equal(r.status, 404, path);
      assert.equal(r.body.toString(), '404 page not found\n', path);
    }
  });

  test('API paths keep their answers: unknown ones stay 404 `404 page not found`', async () => {
    for (const path of ['/loki/api/v1/nope', '/api/prom/nope', '/metrics/nope', '/config', '/debug/pprof', '/loki']) {
      const r = await get(server.base, path);
      assert.equal(r.status, 404, path);
      assert.equal(r.body.toString(), '404 page not found\n', path);
    }
    assert.equal((await get(server.base, '/ready')).body.toString(), 'ready');
    const labels = await get(server.base, '/loki/api/v1/labels');
    assert.equal(labels.status, 200);
    assert.match(labels.headers['content-type'] ?? '', /^application\/json/);
    // Only GET and HEAD reach the UI: a POST elsewhere is the API's 404.
    assert.equal((await get(server.base, '/explore', { method: 'POST' })).status, 404);
  });
});

describe('the web UI below server.http_path_prefix', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ server: { httpPathPrefix: '/logi' } }); });
  after(async () => { await server.close(); });

  test('UI, assets and API all move below the prefix; paths outside it are 404', async () => {
    const index = await get(server.base, '/logi/d/abc/my-board');
    assert.equal(index.status, 200);
    const html = index.body.toString();
    assert.match(html, /<base href="\/logi\/">/);
    assert.equal((await get(server.base, `/logi/${scriptOf(html)}`)).status, 200);
    assert.equal((await get(server.base, '/logi')).status, 200);
    assert.equal((await get(server.base, '/logi/ready')).body.toString(), 'ready');
    for (const path of ['/', '/ready', '/explore', '/logistics', `/${scriptOf(html)}`]) {
      const r = await get(server.base, path);
      assert.equal(r.status, 404, path);
      assert.equal(r.body.toString(), '404 page not found\n', path);
    }
  });

  test('the tail WebSocket lives below the prefix too', async () => {
    const tail = (path: string): Promise<string> => new Promise((resolve) => {
      const ws = new WebSocket(`${server.base.replace('http', 'ws')}${path}?query=${encodeURIComponent('{app="x"}')}`);
      ws.on('open', () => { ws.close(); resolve('open'); });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    });
    assert.equal(await tail('/logi/loki/api/v1/tail'), 'open');
    assert.equal(await tail('/loki/api/v1/tail'), '404');
  });
});

test('an unbuilt UI answers its pages with one line saying so, and still leaves API paths alone', () => {
  const ui = new UiFiles('/nonexistent/public/', '');
  const req = { method: 'GET', headers: {} } as Parameters<UiFiles['reply']>[0];
  const reply = ui.reply(req, '/explore');
  assert.equal(reply?.status, 503);
  assert.match(String(reply?.body), /^The web UI is not built: run `npm run build`[^\n]*\n$/);
  assert.equal(ui.reply(req, '/loki/api/v1/nope'), undefined);
});

test('Accept-Encoding: brotli first, then gzip, q=0 refuses', () => {
  assert.equal(pickEncoding('gzip, deflate, br'), 'br');
  assert.equal(pickEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(pickEncoding('BR ; q=0.5'), 'br');
  assert.equal(pickEncoding('*'), 'gzip');
  assert.equal(pickEncoding('deflate'), 'identity');
  assert.equal(pickEncoding(undefined), 'identity');
});
