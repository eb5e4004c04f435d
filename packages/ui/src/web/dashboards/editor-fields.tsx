// The form pieces the dashboard editors share: a labelled field, a select of choices, and the immutable update of
// one value deep in a panel or dashboard model.
import type { ComponentChildren } from 'preact';

/** `obj` with the value at `path` set (an empty string or undefined removes the key). */
export function setIn<T extends object>(obj: T, path: readonly string[], value: unknown): T {
  const [key, ...rest] = path as [string, ...string[]];
  const here = obj as Record<string, unknown>;
  const next = { ...here };
  if (rest.length > 0) next[key] = setIn((here[key] ?? {}) as object, rest, value);
  else if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  return next as T;
}

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return <label class="editor-field"><span>{label}</span>{children}</label>;
}

export function Select({ value, choices, onChange, name }: { value: string; choices: ReadonlyArray<string | [string, string]>; onChange(v: string): void; name: string }) {
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {choices.map((c) => { const [v, text] = typeof c === 'string' ? [c, c] : c; return <option key={v} value={v}>{text}</option>; })}
    </select>
  );
}

export const numberOrUndefined = (s: string): number | undefined => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));

