// fmt.Sprintf for templates: the verbs logs need (%s %v %d %f %e %g %q %x %X %o %b %c %t %%)
// with flags (-, +, 0, space, #), width and precision.
import { quoteGo } from '@logi/protocol';
import { GoTime } from './go-time.js';
import { formatFloatG, formatValue, type GoValue, typeName } from './values.js';
import { checkTemplateText, repeatBounded } from './bounded.js';

const VERB = /%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])/g;

function padTo(s: string, width: number | undefined, flags: string, numeric: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s + repeatBounded(' ', width - s.length);
  if (flags.includes('0') && numeric) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + repeatBounded('0', width - s.length) + s.slice(sign.length);
  }
  return repeatBounded(' ', width - s.length) + s;
}

function signed(s: string, flags: string): string {
  if (s.startsWith('-')) return s;
  if (flags.includes('+')) return '+' + s;
  if (flags.includes(' ')) return ' ' + s;
  return s;
}

function toNumber(v: GoValue): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

function fixed(f: number, prec: number): string {
  if (!Number.isFinite(f)) return formatFloatG(f);
  return f.toFixed(Math.min(prec, 100));
}

function expForm(f: number, prec: number | undefined, upper: boolean): string {
  if (!Number.isFinite(f)) return formatFloatG(f);
  const e = prec === undefined ? f.toExponential() : f.toExponential(Math.min(prec, 100));
  const s = e.replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

function formatOne(verb: string, flags: string, width: number | undefined, prec: number | undefined, v: GoValue): string {
  const bad = (): string => `%!${verb}(${typeName(v)}=${formatValue(v)})`;
  switch (verb) {
    case 'v': return padTo(typeof v === 'number' && prec !== undefined ? formatFloatG(Number(v.toPrecision(prec))) : formatValue(v), width, flags, false);
    case 's': {
      if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return bad();
      let s = formatValue(v);
      if (prec !== undefined) s = [...s].slice(0, prec).join('');
      return padTo(s, width, flags, false);
    }
    case 'q': return typeof v === 'string' ? padTo(quoteGo(v), width, flags, false) : bad();
    case 't': return typeof v === 'boolean' ? padTo(String(v), width, flags, false) : bad();
    case 'd': return typeof v === 'bigint' ? padTo(signed(v.toString(), flags), width, flags, true) : bad();
    case 'b': case 'o': case 'x': case 'X': {
      const base = verb === 'b' ? 2 : verb === 'o' ? 8 : 16;
      if (typeof v === 'string' && (verb === 'x' || verb === 'X')) {
        const h = Buffer.from(v, 'utf8').toString('hex');
        return padTo(verb === 'X' ? h.toUpperCase() : h, width, flags, false);
      }
      if (typeof v !== 'bigint') return bad();
      let s = (v < 0n ? -v : v).toString(base);
      if (verb === 'X') s = s.toUpperCase();
      if (flags.includes('#')) s = (base === 16 ? (verb === 'X' ? '0X' : '0x') : base === 8 ? '0' : '') + s;
      return padTo(signed((v < 0n ? '-' : '') + s, flags), width, flags, true);
    }
    case 'c': return typeof v === 'bigint' ? padTo(String.fromCodePoint(Number(v)), width, flags, false) : bad();
    case 'f': case 'F': return typeof v === 'number' ? padTo(signed(fixed(toNumber(v), prec ?? 6), flags), width, flags, true) : bad();
    case 'e': case 'E': return typeof v === 'number' ? padTo(signed(expForm(v, prec ?? 6, verb === 'E'), flags), width, flags, true) : bad();
    case 'g': case 'G': {
      if (typeof v !== 'number') return bad();
      const s = prec === undefined ? formatFloatG(v) : formatFloatG(Number(v.toPrecision(Math.max(prec, 1))));
      return padTo(signed(verb === 'G' ? s.toUpperCase() : s, flags), width, flags, true);
    }
    case 'T': return padTo(typeName(v), width, flags, false);
    default: return `%!${verb}(${typeName(v)}=${formatValue(v)})`;
  }
}

export function sprintf(format: string, args: readonly GoValue[]): string {
  let n = 0;
  // every verb may be padded to the limit: their running total is checked as they are formatted
  let size = format.length;
  const out = format.replace(VERB, (_whole, flags: string, w: string | undefined, p: string | undefined, verb: string) => {
    const text = formatVerb(flags, w, p, verb);
    checkTemplateText((size += text.length));
    return text;
  });
  if (n < args.length) return out + '%!(EXTRA ' + args.slice(n).map((a) => `${typeName(a)}=${formatValue(a)}`).join(', ') + ')';
  return out;

  function formatVerb(flags: string, w: string | undefined, p: string | undefined, verb: string): string {
    if (verb === '%') return '%';
    let width = w === undefined ? undefined : w === '*' ? Number(args[n++] ?? 0) : Number(w);
    const prec = p === undefined ? undefined : p === '*' ? Number(args[n++] ?? 0) : p === '' ? 0 : Number(p);
    if (width !== undefined && width < 0) { flags += '-'; width = -width; }
    if (n >= args.length) return `%!${verb}(MISSING)`;
    const v = args[n++]!;
    if (v instanceof GoTime && verb === 'v') return padTo(v.toString(), width, flags, false);
    return formatOne(verb, flags, width, prec, v);
  }
}
