// ip("…") matching for line filters (`|= ip("10.0.0.0/8")`) and label filters
// (`addr = ip("…")`), as Loki's ip.go: the pattern is one address, a CIDR prefix or an
// `a-b` range; the input is scanned for address-looking runs, each parsed strictly.
import { StageError } from './stage.js';

/** An address as a family plus a 32-bit (v4) or 128-bit (v6) integer. */
interface Addr {
  v6: boolean;
  n: bigint;
}

type IPMatcher = (a: Addr) => boolean;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    // Go's netip rejects empty fields, leading zeros and values over 255.
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === '0')) return undefined;
    for (let i = 0; i < p.length; i++) if (!isDigit(p.charCodeAt(i))) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function parseIPv6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined;
  let head: string[] = [];
  let tail: string[] = [];
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    const a = s.slice(0, dbl);
    const b = s.slice(dbl + 2);
    head = a === '' ? [] : a.split(':');
    tail = b === '' ? [] : b.split(':');
  } else {
    head = s.split(':');
  }
  const groups: number[] = [];
  const pushGroups = (list: string[], out: number[]): boolean => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i]!;
      if (g.includes('.')) {
        // An embedded IPv4 tail is only allowed as the last field.
        if (i !== list.length - 1 || list !== (dbl >= 0 ? tail : head)) return false;
        const v4 = parseIPv4(g);
        if (v4 === undefined) return false;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (g.length === 0 || g.length > 4) return false;
      for (let j = 0; j < g.length; j++) if (!isHex(g.charCodeAt(j))) return false;
      out.push(parseInt(g, 16));
    }
    return true;
  };
  const tailGroups: number[] = [];
  if (!pushGroups(head, groups) || !pushGroups(tail, tailGroups)) return undefined;
  if (dbl >= 0) {
    const fill = 8 - groups.length - tailGroups.length;
    if (fill < 1) return undefined;
    for (let i = 0; i < fill; i++) groups.push(0);
    groups.push(...tailGroups);
  }
  if (groups.length !== 8) return undefined;
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

/** Parses an address as Go's netip.ParseAddr does (no zones supported). */
export function parseAddr(s: string): Addr | undefined {
  if (s.includes(':')) {
    const n = parseIPv6(s);
    return n === undefined ? undefined : { v6: true, n };
  }
  const n = parseIPv4(s);
  return n === undefined ? undefined : { v6: false, n };
}

function prefixMatcher(s: string): IPMatcher | undefined {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return undefined;
  const addr = parseAddr(s.slice(0, slash));
  const bitsText = s.slice(slash + 1);
  if (addr === undefined || !/^(0|[1-9][0-9]{0,2})$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const width = addr.v6 ? 128 : 32;
  if (bits > width) return undefined;
  const shift = BigInt(width - bits);
  const base = addr.n >> shift;
  return (a) => a.v6 === addr.v6 && a.n >> shift === base;
}

function rangeMatcher(s: string): IPMatcher | undefined {
  const dash = s.indexOf('-');
  if (dash < 0) return undefined;
  const from = parseAddr(s.slice(0, dash));
  const to = parseAddr(s.slice(dash + 1));
  if (from === undefined || to === undefined || from.v6 !== to.v6 || from.n > to.n) return undefined;
  return (a) => a.v6 === from.v6 && a.n >= from.n && a.n <= to.n;
}

export class IPPattern {
  readonly pattern: string;
  readonly #match: IPMatcher;

  /** Throws StageError `ip: invalid pattern: "<p>"` for anything but an address, a CIDR or a range. */
  constructor(pattern: string) {
    this.pattern = pattern;
    const single = parseAddr(pattern);
    const m: IPMatcher | undefined = single !== undefined
      ? (a) => a.v6 === single.v6 && a.n === single.n
      : prefixMatcher(pattern) ?? rangeMatcher(pattern);
    if (m === undefined) throw new StageError(`ip: invalid pattern: ${JSON.stringify(pattern)}`);
    this.#match = m;
  }

  /** Whether any address found in `text` (UTF-8 bytes) matches: Loki's scan with its v4/v6 start hints. */
  test(text: Buffer): boolean {
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c0 = text[i]!;
      let v6 = false;
      if (i + 3 < n && isDigit(c0) && (text[i + 1] === 0x2e || text[i + 2] === 0x2e || text[i + 3] === 0x2e)) {
        v6 = false;
      } else if (i + 4 < n && ipv6Hint(text, i)) {
        v6 = true;
      } else {
        continue;
      }
      let end = i;
      while (end < n && (v6 ? isHex(text[end]!) || text[end] === 0x3a || text[end] === 0x2e : isDigit(text[end]!) || text[end] === 0x2e)) end++;
      const addr = parseAddr(text.toString('latin1', i, end));
      if (addr !== undefined && this.#match(addr)) return true;
      i += end - i; // skip the run (the loop's i++ then steps past its end, as Loki does)
    }
    return false;
  }
}

function ipv6Hint(b: Buffer, i: number): boolean {
  const c = (k: number): number => b[i + k]!;
  if (c(0) === 0x3a && c(1) === 0x3a && isHex(c(2))) return true;
  let k = 0;
  while (k < 4 && isHex(c(k))) {
    k++;
    if (c(k) === 0x3a) return true;
  }
  return false;
}
