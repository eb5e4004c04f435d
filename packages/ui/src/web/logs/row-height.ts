// A log row's height before it is drawn, so that the list places rows near where they end up and rarely draws
// twice: the log list's font is monospace and a wrapped line breaks at any character, so its count of lines is
// its length over the characters a line holds. Drawn rows are measured and replace the estimate.
const LINE_PX = 20; // .log-list's line-height
const FONT = '12px'; // .log-list's font-size
/** The row's padding (4 px each side), level bar (3 px) and the gaps after the bar and the time (10 px each). */
const ROW_CHROME_PX = 8 + 3 + 10 + 10;
/** The time's characters, as formatTime writes it: 'YYYY-MM-DD HH:mm:ss.SSS'. */
const TIME_CHARS = 23;
/** A duplicates badge's border and padding (1 + 6 px each side) and the gap after it. */
const BADGE_CHROME_PX = 14 + 10;

let charWidth: number | undefined;

/** The width of one character of the list's font, read once from a canvas: no layout of the page is needed. */
function charPx(): number {
  if (charWidth === undefined) {
    const context = document.createElement('canvas').getContext('2d');
    const family = getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() || 'monospace';
    if (context) context.font = `${FONT} ${family}`;
    charWidth = context ? context.measureText('0'.repeat(100)).width / 100 : 7.2;
  }
  return charWidth;
}

/** The estimated height of a row showing `text` in a list `widthPx` wide. */
export function rowHeightPx(text: string, duplicates: number, wrap: boolean, widthPx: number): number {
  if (!wrap && !text.includes('\n')) return LINE_PX;
  const char = charPx();
  let chromePx = ROW_CHROME_PX + TIME_CHARS * char;
  if (duplicates > 0) chromePx += BADGE_CHROME_PX + `${duplicates + 1}x`.length * char;
  const perLine = wrap ? Math.max(1, Math.floor((widthPx - chromePx) / char)) : Infinity;
  let lines = 0;
  for (const part of text.split('\n')) lines += Math.max(1, Math.ceil(part.length / perLine));
  return lines * LINE_PX;
}
