// Grafana's text panel. Markdown is drawn for its common parts (headings, paragraphs, lists, bold, italic, code,
// links) as elements, never as HTML; mode 'html' keeps the same few tags (and their text) from the parsed content and
// drops every other tag and every attribute but an http(s) link's href, so no script or style of the JSON runs.
import { h, type ComponentChildren } from 'preact';

const INLINE = /\*\*(.+?)\*\*|\*(.+?)\*|`(.+?)`|\[(.+?)\]\((\S+?)\)/g;

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(<strong>{m[1]}</strong>);
    else if (m[2] !== undefined) out.push(<em>{m[2]}</em>);
    else if (m[3] !== undefined) out.push(<code>{m[3]}</code>);
    else if (/^(https?:|\/)/.test(m[5]!)) out.push(<a href={m[5]} target="_blank" rel="noreferrer">{m[4]}</a>);
    else out.push(m[4]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

function markdown(content: string): ComponentChildren[] {
  const blocks: ComponentChildren[] = [];
  let items: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) blocks.push(<p>{inline(paragraph.join(' '))}</p>);
    if (items.length) blocks.push(<ul>{items.map((i) => <li>{inline(i)}</li>)}</ul>);
    paragraph = [];
    items = [];
  };
  for (const line of content.split('\n')) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const Tag = `h${heading[1]!.length}` as 'h1';
      blocks.push(<Tag>{inline(heading[2]!)}</Tag>);
    } else if (item) {
      if (paragraph.length) flush();
      items.push(item[1]!);
    } else if (line.trim() === '') flush();
    else {
      if (items.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

const SAFE_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div', 'span', 'br', 'b', 'strong', 'i', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

/** The parsed HTML as elements: safe tags kept (links only to http(s) or a path), others replaced by their text. */
function safeHtml(node: Node): ComponentChildren {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (!(node instanceof Element)) return null;
  const tag = node.tagName.toLowerCase();
  if (tag === 'script' || tag === 'style') return null;
  const children = [...node.childNodes].map(safeHtml);
  if (!SAFE_TAGS.has(tag)) return children;
  const href = node.getAttribute('href') ?? '';
  const props = tag === 'a' && /^(https?:|\/)/.test(href) ? { href, target: '_blank', rel: 'noreferrer' } : null;
  return h(tag, props, ...children);
}

export function TextPanel({ mode, content }: { mode?: string; content: string }) {
  if (mode === 'html') return <div class="text-panel">{safeHtml(new DOMParser().parseFromString(content, 'text/html').body)}</div>;
  if (mode === 'code') return <pre class="text-panel">{content}</pre>;
  return <div class="text-panel">{markdown(content)}</div>;
}
