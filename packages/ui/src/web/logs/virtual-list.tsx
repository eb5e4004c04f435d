// A scrolling list that puts in the page only the items in view (and some either side), with heights measured as
// drawn: items of any height (wrapped lines, expanded details) scroll through thousands without a slow frame.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: readonly T[];
  itemKey(item: T): string;
  renderItem(item: T): ComponentChildren;
  /** the height of an item not drawn yet */
  estimatePx: number;
  /** measured heights no longer hold when this changes (wrapping switched on or off) */
  layoutKey: string;
  /** changes when an item is drawn anew under the same key (a row expanded): its height is measured again */
  contentKey?: string;
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

export function VirtualList<T>({ items, itemKey, renderItem, estimatePx, layoutKey, contentKey, startKey, onEnd, class: className }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [view, setView] = useState({ top: 0, height: 600, width: 0 });
  const [measured, setMeasured] = useState(0);

  useMemo(() => heights.current.clear(), [layoutKey, view.width]);
  const keys = useMemo(() => items.map(itemKey), [items]);
  const tops = useMemo(() => {
    const t = new Float64Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) t[i + 1] = t[i]! + (heights.current.get(keys[i]!) ?? estimatePx);
    return t;
  }, [keys, measured, layoutKey, view.width]);
  const total = tops[keys.length]!;
  const start = Math.min(indexAt(tops, view.top - OVERSCAN_PX), keys.length);
  const end = Math.min(indexAt(tops, view.top + view.height + OVERSCAN_PX) + 1, keys.length);

  useLayoutEffect(() => {
    const el = scroller.current!;
    const resize = new ResizeObserver(() => setView((v) => ({ ...v, height: el.clientHeight, width: el.clientWidth })));
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  useLayoutEffect(() => {
    scroller.current!.scrollTop = 0;
    setView((v) => (v.top === 0 ? v : { ...v, top: 0 }));
  }, [startKey]);

  // Heights of the items just drawn; a change moves what follows, so the window is worked out again. Reading a
  // height lays the whole page out, so only when other items or other content are drawn, not on every scroll
  // (a dashboard's logs panels each laying out all its panels took seconds).
  useLayoutEffect(() => {
    let changed = false;
    for (const child of Array.from(windowRef.current?.children ?? [])) {
      const el = child as HTMLElement;
      const key = el.dataset.key!;
      const h = el.offsetHeight;
      if (heights.current.get(key) !== h) {
        heights.current.set(key, h);
        changed = true;
      }
    }
    if (changed) setMeasured((n) => n + 1);
  }, [keys, start, end, layoutKey, view.width, contentKey]);

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
