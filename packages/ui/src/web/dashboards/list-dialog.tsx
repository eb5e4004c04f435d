// The frame of Grafana's dashboard settings lists (Variables, Annotations, Links): the entries in order, each drawn by
// its editor with its change, removal and move, "+ New …" at the end, and Apply (off while an entry has a problem)
// handing the whole list back at once.
import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface EntryEdit<T> {
  change(next: T): void;
  remove(): void;
  /** -1 up, 1 down */
  move(by: number): void;
  first: boolean;
  last: boolean;
  /** what keeps Apply off, said at the entry */
  problem?: string;
}

interface Props<T> {
  title: string;
  entries: T[];
  /** said when there are none */
  empty: ComponentChildren;
  addLabel: string;
  /** the entry "+ New …" adds, given those there */
  created(list: readonly T[]): T;
  problemOf?(list: readonly T[], i: number): string | undefined;
  children(entry: T, edit: EntryEdit<T>): ComponentChildren;
  onApply(list: T[]): void;
  onClose(): void;
}

export function ListDialog<T>({ title, entries, empty, addLabel, created, problemOf, children, onApply, onClose }: Props<T>) {
  const [list, setList] = useState<T[]>(entries);
  const problems = list.map((_, i) => problemOf?.(list, i));
  const move = (i: number, by: number): void => {
    const next = [...list];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setList(next);
  };
  return (
    <div class="modal-backdrop">
      <div class="modal variables-dialog" role="dialog" aria-label={title}>
        <h2>{title}</h2>
        <div class="variables-list">
          {list.length === 0 && <p class="muted">{empty}</p>}
          {list.map((entry, i) => <Fragment key={i}>{children(entry, {
            change: (next) => setList(list.map((x, j) => (j === i ? next : x))),
            remove: () => setList(list.filter((_, j) => j !== i)),
            move: (by) => move(i, by),
            first: i === 0,
            last: i === list.length - 1,
            problem: problems[i],
          })}</Fragment>)}
        </div>
        <div class="form-buttons">
          <button class="toolbar-button" onClick={() => setList([...list, created(list)])}>{addLabel}</button>
          <span class="spacer" />
          <button class="toolbar-button primary" disabled={problems.some(Boolean)} onClick={() => onApply(list)}>Apply</button>
          <button class="toolbar-button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
