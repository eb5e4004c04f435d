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

/** A template's `range` bodies run at most MAX_TEMPLATE_TEXT times per line, in all its loops: work, like text, is bounded. */
export function checkRangeIterations(count: number): void {
  if (count > MAX_TEMPLATE_TEXT) throw new FuncError(`template: range iterations exceed the limit of ${MAX_TEMPLATE_TEXT}`);
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
  let count = 0;
  if (old === '') count = s.length + 1;
  else for (let i = s.indexOf(old); i >= 0 && count < n; i = s.indexOf(old, i + old.length)) count++;
  checkTemplateText(s.length + Math.min(count, n) * (nw.length - old.length));
}
