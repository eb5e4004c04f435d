// A toolbar button opening a menu below it (Grafana's "Add" menu, a dashboard link's dropdown); a choice, Escape or a
// click outside closes it.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { useDismiss } from '../shell/use-dismiss.js';

export function MenuButton({ label, title, children }: { label: ComponentChildren; title?: string; children: ComponentChildren }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLSpanElement>(null);
  useDismiss(root, open, () => setOpen(false));
  return (
    <span class="menu-button" ref={root}>
      <button class="toolbar-button" title={title} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>{label} <span class="caret" aria-hidden="true">▾</span></button>
      {open && <div class="dropdown menu-dropdown" role="menu" onClick={() => setOpen(false)}>{children}</div>}
    </span>
  );
}
