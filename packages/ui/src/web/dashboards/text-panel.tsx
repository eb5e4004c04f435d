// Grafana's text panel. Markdown is drawn for its common parts (headings, paragraphs, lists, bold, italic, code,
// links) as elements, never as HTML; mode 'html' shows the content's text without its tags, since Logi runs no
// sanitizer for arbitrary HTML.
import type { ComponentChildren } from 'preact';

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

export function TextPanel({ mode, content }: { mode?: string; content: string }) {
  if (mode === 'html') return <div class="text-panel">{new DOMParser().parseFromString(content, 'text/html').body.textContent}</div>;
  if (mode === 'code') return <pre class="text-panel">{content}</pre>;
  return <div class="text-panel">{markdown(content)}</div>;
}
