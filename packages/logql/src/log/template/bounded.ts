import { FuncError } from './funcs-error.js';

/**
 * Templates run once per line of a query, so a function that pads, repeats or replaces by user-given
 * text or counts (`repeat`, `indent`, `replace`, `regexReplaceAll`, printf widths), or a `range` that
 * writes in a loop, could build gigabytes from one line. Loki has no bound (its lines are Go strings
 * and its queriers are many); Logi bounds every template result, and each function result in it, at
 * Loki's default `max_line_size` (256 KiB, in UTF-16 units): past it the function or template fails,
 * which the stage turns into Loki's TemplateFormatErr on that line (the line is kept as it was).
 */
export const MAX_TEMPLATE_TEXT = 256 * 1024;

/** Throws the template error when a result of `length` characters would pass MAX_TEMPLATE_TEXT. */
export function checkTemplateText(length: number): void {
  if (length > MAX_TEMPLATE_TEXT) {
    throw new FuncError(`template: a result of ${length} characters exceeds the limit of ${MAX_TEMPLATE_TEXT}`);
  }
}

/**
 * `range` bodies a template may run per line, in all its loops: a query runs the template on every
 * line it reads, so work, like text, is bounded (Loki's template functions give no list to range over;
 * a range over an integer is Go 1.22's loop).
 */
export const MAX_RANGE_ITERATIONS = 1000;

export function checkRangeIterations(count: number): void {
  if (count > MAX_RANGE_ITERATIONS) throw new FuncError(`template: range iterations exceed the limit of ${MAX_RANGE_ITERATIONS}`);
}

/** `s` repeated `n` times (nothing for n ≤ 0), refusing results over MAX_TEMPLATE_TEXT characters. */
export function repeatBounded(s: string, n: number): string {
  if (n <= 0 || s.length === 0) return '';
  checkTemplateText(s.length * n);
  return s.repeat(n);
}

/**
 * Checks, before building it, the size of `s` with its first `n` occurrences of `old` replaced by
 * `nw` (an empty `old` matches before every character and at the end, as strings.Replace).
 */
export function checkReplaceSize(s: string, old: string, nw: string, n = Infinity): void {
  if (nw.length <= old.length && old !== '') return;
  const growth = nw.length - old.length;
  // counting stops as soon as the result is known to be too large
  const most = Math.min(n, Math.floor((MAX_TEMPLATE_TEXT - s.length) / growth) + 1);
  // split with a limit counts in native code and stops at `most` pieces
  const count = old === '' ? Math.min(s.length + 1, most) : most <= 0 ? 0 : s.split(old, most + 1).length - 1;
  checkTemplateText(s.length + count * growth);
}
