import { FuncError } from './funcs-error.js';

/**
 * Templates run once per line of a query, so a function that pads or repeats by a user-given count
 * (`repeat`, `indent`, `alignLeft`, printf widths) could build gigabytes from one line. Past this size the
 * function fails, which the stage turns into Loki's TemplateFormatErr on that line.
 */
export const MAX_TEMPLATE_TEXT = 1 << 20;

/** `s` repeated `n` times (nothing for n ≤ 0), refusing results over MAX_TEMPLATE_TEXT characters. */
export function repeatBounded(s: string, n: number): string {
  if (n <= 0 || s.length === 0) return '';
  if (s.length * n > MAX_TEMPLATE_TEXT) {
    throw new FuncError(`template: a result of ${s.length * n} characters exceeds the limit of ${MAX_TEMPLATE_TEXT}`);
  }
  return s.repeat(n);
}
