// The patterns of `ip("…")` filters: a single address, a CIDR prefix or an `a-b` range,
// tried in that order as Loki's getMatcher does (netip.ParseAddr, netip.ParsePrefix,
// netipx.ParseIPRange). A pattern becomes an inclusive address interval of one family.

export interface IPPattern {
  v6: boolean;
  from: bigint;
  to: bigint;
}

/** netip.ParseAddr: dotted IPv4 (no leading zeros) or IPv6 (with `::`, embedded IPv4, zone). */
export function parseIP(text: string): { v6: boolean; value: bigint } | undefined {
  if (text.includes(':')) {
    const v = parseIPv6(text);
    return v === undefined ? undefined : { v6: true, value: v };
  }
  const v = parseIPv4(text);
  return v === undefined ? undefined : { v6: false, value: v };
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseIPv6(input: string): bigint | undefined {
  let text = input;
  const zone = text.indexOf('%');
  if (zone >= 0) {
    if (zone === text.length - 1) return undefined;
    text = text.slice(0, zone);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): bigint[] | undefined => {
    if (s === '') return [];
    const out: bigint[] = [];
    const fields = s.split(':');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (i === fields.length - 1 && f.includes('.')) {
        const v4 = parseIPv4(f);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(f)) {
        out.push(BigInt('0x' + f));
      } else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 2 ? head.length + tail.length > 7 : head.length !== 8) return undefined;
  const all = [...head, ...new Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** An ip() pattern as an address interval, or undefined when Loki would reject it. */
export function parseIPPattern(pattern: string): IPPattern | undefined {
  const addr = parseIP(pattern);
  if (addr) return { v6: addr.v6, from: addr.value, to: addr.value };
  const slash = pattern.indexOf('/');
  if (slash >= 0) {
    const base = parseIP(pattern.slice(0, slash));
    const bitsText = pattern.slice(slash + 1);
    if (base && !pattern.slice(0, slash).includes('%') && /^(0|[1-9][0-9]*)$/.test(bitsText)) {
      const width = base.v6 ? 128n : 32n;
      const bits = BigInt(bitsText);
      if (bits <= width) {
        const host = (1n << (width - bits)) - 1n;
        const from = base.value & ~host & ((1n << width) - 1n);
        return { v6: base.v6, from, to: from | host };
      }
    }
    return undefined;
  }
  const dash = pattern.indexOf('-');
  if (dash >= 0) {
    const from = parseIP(pattern.slice(0, dash));
    const to = parseIP(pattern.slice(dash + 1));
    if (from && to && from.v6 === to.v6 && from.value <= to.value && !pattern.includes('%')) {
      return { v6: from.v6, from: from.value, to: to.value };
    }
  }
  return undefined;
}
