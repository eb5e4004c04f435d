// A link to a page of the UI: a real href (relative to <base href>, so it opens in a new tab too) that a plain click
// follows without reloading the page.
import type { ComponentChildren } from 'preact';
import { navigate } from './router.js';

/** `current` marks the link to the page shown (aria-current). */
export function Link({ to, class: className, current, children }: { to: string; class?: string; current?: boolean; children: ComponentChildren }) {
  return (
    <a href={to.slice(1)} class={className} aria-current={current ? 'page' : undefined} onClick={(e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      navigate(to);
    }}>{children}</a>
  );
}
