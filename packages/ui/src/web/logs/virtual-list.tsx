// A scrolling list that puts in the page only the items in view (and some either side). Items not drawn yet have
// the caller's estimate of their height; drawn ones are measured by a ResizeObserver, which reads sizes from the
// layout the browser makes anyway: reading offsetHeight after each render forced a layout of the whole page, several
// rounds of it when estimates were off, and took most of a dashboard's drawing time.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: readonly T[];
  itemKey(item: T): string;
  renderItem(item: T): ComponentChildren;
  /** the height of an item not measured yet, drawn in a list `widthPx` wide */
  estimatePx(item: T, widthPx: number): number;
  /** heights no longer hold when this changes (wrapping switched on or off) */
  layoutKey: string;
  /** the list shows its first item again when this changes (the order was reversed: what was in view is elsewhere now) */
  startKey?: string;
  /** called when the end of the list comes into view */
  onEnd?(): void;
  class?: string;
}

/** Beyond the visible part, this much is drawn above and below so a fast scroll shows no blank. */
const OVERSCAN_PX = 800;

/** The first index whose item ends below `y`. */
function indexAt(tops: Float64Array, y: number): number {
  let lo = 0;
  let hi = tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid + 1]! > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function VirtualList<T>({ items, itemKey, renderItem, estimatePx, layoutKey, startKey, onEnd, class: className }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  /** measured heights by key, and the estimates of the others (so 5,000 texts are not estimated again at each change) */
  const measured = useRef(new Map<string, number>());
  const estimated = useRef(new Map<string, number>());
  // width 0: not known before the first layout, and nothing is drawn until it is (estimates need it)
  const [view, setView] = useState({ top: 0, height: 0, width: 0 });
  const [version, setVersion] = useState(0);

  useMemo(() => {
    measured.current.clear();
    estimated.current.clear();
  }, [layoutKey, view.width]);
  const keys = useMemo(() => items.map(itemKey), [items]);
  const tops = useMemo(() => {
    const t = new Float64Array(keys.length + 1);
    if (view.width === 0) return t;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      let h = measured.current.get(key) ?? estimated.current.get(key);
      if (h === undefined) estimated.current.set(key, h = estimatePx(items[i]!, view.width));
      t[i + 1] = t[i]! + h;
    }
    return t;
  }, [keys, version, layoutKey, view.width]);
  const total = tops[keys.length]!;
  const start = view.width === 0 ? 0 : Math.min(indexAt(tops, view.top - OVERSCAN_PX), keys.length);
  const end = view.width === 0 ? 0 : Math.min(indexAt(tops, view.top + view.height + OVERSCAN_PX) + 1, keys.length);

  // The scroller's size arrives after the layout that gave it, before the frame is painted.
  useLayoutEffect(() => {
    const el = scroller.current!;
    const resize = new ResizeObserver(() => setView((v) => ({ ...v, height: el.clientHeight, width: el.clientWidth })));
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  // Drawn items report their heights after each layout; a change moves what follows, so the window is worked out
  // again, in the next frame: redrawing within the observer's delivery would be a loop the browser reports as an error.
  const rows = useMemo(() => {
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const key = (e.target as HTMLElement).dataset.key!;
        const h = e.borderBoxSize[0]?.blockSize ?? (e.target as HTMLElement).offsetHeight;
        if (h === 0) continue; // not in the layout (a hidden tab): its height is not known yet
        if ((measured.current.get(key) ?? estimated.current.get(key)) !== h) changed = true;
        measured.current.set(key, h);
      }
      if (changed && frame === 0) frame = requestAnimationFrame(() => { frame = 0; setVersion((n) => n + 1); });
    });
    return { observer, stop: () => { cancelAnimationFrame(frame); observer.disconnect(); } };
  }, []);
  useEffect(() => rows.stop, []);
  // Each render observes the items now drawn (an item drawn anew, a row expanded, is measured again too).
  useLayoutEffect(() => {
    rows.observer.disconnect();
    for (const child of Array.from(windowRef.current?.children ?? [])) rows.observer.observe(child);
  });

  useLayoutEffect(() => {
    scroller.current!.scrollTop = 0;
    setView((v) => (v.top === 0 ? v : { ...v, top: 0 }));
  }, [startKey]);

  const onScroll = (): void => {
    const el = scroller.current!;
    setView((v) => ({ ...v, top: el.scrollTop }));
    if (onEnd && el.scrollTop + el.clientHeight >= el.scrollHeight - 2) onEnd();
  };

  return (
    <div class={className} ref={scroller} onScroll={onScroll} role="list" data-rows={keys.length}>
      <div class="virtual-space" style={{ height: `${total}px` }}>
        <div class="virtual-window" ref={windowRef} style={{ transform: `translateY(${tops[start]}px)` }}>
          {items.slice(start, end).map((item, i) => <div role="listitem" data-key={keys[start + i]} key={keys[start + i]}>{renderItem(item)}</div>)}
        </div>
      </div>
    </div>
  );
}
