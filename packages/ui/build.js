// Bundles src/web into dist/public: hashed asset names (served as immutable) plus index.html,
// each with .gz and .br beside it so the server never compresses on the fly.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist/public');
const assets = join(out, 'assets');

// esbuild strips types without checking them.
execFileSync(process.execPath, [join(here, '../../node_modules/typescript/bin/tsc'), '-p', join(here, 'tsconfig.web.json')], { stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });
const result = await build({
  entryPoints: [join(here, 'src/web/main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: false,
  outdir: assets,
  entryNames: '[name]-[hash]',
  // code only some pages need (Explore's editor, the rule editor's YAML) is loaded by import() from chunks of their own
  splitting: true,
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  logLevel: 'warning',
});

const asset = (p) => p.slice(p.lastIndexOf('/assets/') + 1);
// the page's entry: what import() loads is an entry point of esbuild's too
const [entryPath, entry] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('src/web/main.tsx'));
// The entry's CSS holds every stylesheet, the lazily loaded pages' too; the per-chunk copies esbuild also writes
// are named by no page.
for (const path of Object.keys(result.metafile.outputs)) if (path.endsWith('.css') && path !== entry.cssBundle) rmSync(path);
const script = asset(entryPath);
const style = entry.cssBundle && asset(entry.cssBundle);
// The chunks the entry imports statically, named in the page so the browser fetches them beside the entry, not after it.
const preloads = entry.imports.filter((i) => i.kind === 'import-statement').map((i) => `<link rel="modulepreload" href="${asset(i.path)}">\n`).join('');
writeFileSync(join(out, 'index.html'), `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logi</title>
<base href="/">
${style ? `<link rel="stylesheet" href="${style}">` : ''}
${preloads}<script type="module" src="${script}"></script>
</head>
<body><div id="app"></div></body>
</html>
`);

function compressAll(dir) {
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) { compressAll(p); continue; }
    const body = readFileSync(p);
    writeFileSync(`${p}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(`${p}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}
compressAll(out);
