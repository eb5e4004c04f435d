// Generates packages/server/data/loki-config-keys.json, the key paths of Loki's configuration file, from
// Loki's configuration reference. Run once per Loki version Logi follows:
//   git -C LOKI_CHECKOUT show v3.6.7:docs/sources/shared/configuration.md > /tmp/configuration.md
//   node scripts/loki-config-keys.js /tmp/configuration.md v3.6.7 > packages/server/data/loki-config-keys.json
// Each block maps a key to 1 (a value of any shape), a nested mapping, "@block" (that block),
// "[]@block" (a list of it) or "{}@block" (a map of names to it); "<block>" inlines a block's keys.
import { readFileSync } from 'node:fs';

const [file, version] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const sections = [];
for (const section of text.split(/^### /m).slice(1)) {
  const title = section.slice(0, section.indexOf('\n')).trim();
  const yaml = /^```yaml\n([\s\S]*?)^```/m.exec(section);
  if (yaml) sections.push([title.startsWith('Supported contents') ? 'root' : title, yaml[1]]);
}
const blockNames = new Set(sections.map(([n]) => n));
const blockOf = (type) => (blockNames.has(type) ? type : blockNames.has(type.replace(/s$/, '')) ? type.replace(/s$/, '') : undefined);

function valueOf(type) {
  let m;
  if (blockOf(type) && !type.includes(' ')) return `@${blockOf(type)}`;
  if ((m = /^list of (\w+)$/.exec(type)) && blockOf(m[1])) return `[]@${blockOf(m[1])}`;
  if ((m = /^map of string to (\w+)$/.exec(type)) && blockOf(m[1])) return `{}@${blockOf(m[1])}`;
  return 1;
}

function parseBlock(body) {
  const root = {};
  const stack = [{ indent: -1, node: root }];
  for (const line of body.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    while (stack.at(-1).indent >= indent) stack.pop();
    const parent = stack.at(-1).node;
    let m;
    if ((m = /^\[<(\w+)>\]$/.exec(trimmed))) parent[`<${m[1]}>`] = 1;
    else if ((m = /^\[([\w.-]+): <([^>]+)>/.exec(trimmed))) parent[m[1]] = valueOf(m[2]);
    else if ((m = /^([\w.-]+):$/.exec(trimmed))) {
      const node = {};
      parent[m[1]] = node;
      stack.push({ indent, node });
    }
  }
  return emptyToFree(root);
}

/** A key documented without children (`external_labels:`, `http_headers:`) is a map of free names, not an empty block. */
function emptyToFree(node) {
  for (const [k, v] of Object.entries(node)) {
    if (typeof v === 'object') node[k] = Object.keys(v).length === 0 ? 1 : emptyToFree(v);
  }
  return node;
}

const blocks = {};
for (const [name, body] of sections) blocks[name] = parseBlock(body);
process.stdout.write(`${JSON.stringify({ source: `grafana/loki ${version} docs/sources/shared/configuration.md`, blocks })}\n`);
