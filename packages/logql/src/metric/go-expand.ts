// Go's Regexp.ExpandString, which label_replace uses: `$1`, `${1}`, `$name`, `${name}`, `$$`.
// A name is the longest run of letters, digits and `_` (so `$1x` names group "1x", which is
// empty); a malformed reference is copied literally.

const NAME = /^[\p{L}\p{Nd}_]+/u;

export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) return out + rest;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = reference(rest);
    if (ref === undefined) {
      out += '$';
      continue;
    }
    rest = ref.rest;
    const value = ref.num >= 0 ? match[ref.num] : match.groups?.[ref.name];
    if (value !== undefined) out += value;
  }
}

function reference(text: string): { name: string; num: number; rest: string } | undefined {
  const brace = text.startsWith('{');
  const body = brace ? text.slice(1) : text;
  const name = NAME.exec(body)?.[0];
  if (name === undefined) return undefined;
  let end = name.length;
  if (brace) {
    if (body[end] !== '}') return undefined;
    end++;
  }
  // Only plain ASCII decimal without a leading zero is a group number; anything else is a name.
  const num = /^(0|[1-9][0-9]{0,7})$/.test(name) ? Number(name) : -1;
  return { name, num, rest: body.slice(end) };
}
