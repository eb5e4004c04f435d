import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTemplate } from './exec.js';
import { MAX_TEMPLATE_TEXT } from './bounded.js';

// 2026-11-20T00:19:53.054031528Z
const TS = 1795133993054031528n;

function render(src: string, labels: Record<string, string> = {}, line = 'the line'): string {
  return compileTemplate('line', src).execute(labels, { line, ts: TS });
}

test('Go text/template semantics', () => {
  const f = (src: string, want: string, labels: Record<string, string> = {}) => assert.equal(render(src, labels), want, src);
  const L = { level: 'error', msg: 'GET /api', path: '/api/v1/orders', user: 'user-456', method: 'POST', duration: '226.7ms', n: '3' };
  f('{{.level | ToUpper}} {{.msg}}', 'ERROR GET /api', L);
  f('{{.missing}}|', '|', L);
  f('{{ if eq .level "error" }}FAIL{{ else }}ok{{ end }}', 'FAIL', L);
  f('{{ if eq .level "info" }}a{{ else if eq .level "error" }}b{{ else }}c{{ end }}', 'b', L);
  f('{{ with .user }}u={{ . }}{{ end }}{{ with .nope }}x{{ else }}none{{ end }}', 'u=user-456none', L);
  f('{{ $x := .level }}{{ $x }}-{{ $x = "y" }}{{ $x }}', 'error-y', L);
  f('{{ range $i, $v := fromJson "[\\"a\\",\\"b\\"]" }}{{ $i }}={{ $v }};{{ end }}', '0=a;1=b;');
  f('{{ range $k, $v := fromJson "{\\"b\\":1,\\"a\\":2}" }}{{ $k }}:{{ $v }} {{ end }}', 'a:2 b:1 ');
  f('{{- " a " -}}  x  {{- "b" }}', ' a xb');
  f('{{/* a comment */}}ok', 'ok');
  f('{{ and .level .nope }}|{{ or .nope "dflt" }}|{{ not .nope }}', '|dflt|true', L);
  f('{{ len __line__ }} {{ __line__ }}', '8 the line');
  f('{{ .path | urlencode }} {{ trunc 5 .user }} {{ .method | b64enc }}', '%2Fapi%2Fv1%2Forders user- UE9TVA==', L);
  f('{{ regexReplaceAll "(\\\\d+)\\\\.\\\\d+ms" .duration "${1} ms" }}', '226 ms', L);
  f('{{ regexReplaceAllLiteral "\\\\d" "a1b2" "$1" }}', 'a$1b$1');
  f('{{ .duration_ms | default "n/a" }}', 'n/a', L);
  f('{{ __timestamp__ | date "15:04:05.000" }}', '00:19:53.054');
  f('{{ __timestamp__ }}', '2026-11-20 00:19:53.054031528 +0000 UTC');
  f('{{ unixEpochMillis __timestamp__ }} {{ __timestamp__ | unixEpoch }}', '1795133993054 1795133993');
  f('{{ printf "%05.1f|%-4s|%d|%q|%x|%v" 3.14159 "x" 42 "a\\"b" 255 true }}', '003.1|x   |42|"a\\"b"|ff|true');
  f('{{ add 1 2 }} {{ sub 5 7 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 2 }} {{ max 1 9 3 }} {{ min 4 2 }}', '3 -2 24 3 1 9 2');
  f('{{ addf 0.1 0.2 }} {{ mulf 1000 1000 }} {{ divf 1 4 }} {{ subf 1 0.5 }} {{ round 2.345 2 }} {{ ceil 1.2 }} {{ floor 1.8 }}', '0.3 1e+06 0.25 0.5 2.35 2 1');
  f('{{ int "12" }} {{ float64 "1.5" }} {{ add .n 1 }}', '12 1.5 4', L);
  f('{{ lower "AbC" }} {{ upper "abc" }} {{ title "hello world" }} {{ repeat 3 "ab" }} {{ replace "a" "b" "aaa" }}', 'abc ABC Hello World ababab bbb');
  f('{{ substr 1 3 "hello" }} {{ trimAll "x" "xxhixx" }} {{ trimPrefix "ab" "abc" }} {{ trimSuffix "bc" "abc" }} {{ trim "  a " }}', 'el hi c a a');
  f('{{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "x" "hello" }}', 'true true false');
  f('{{ Replace "aaa" "a" "b" 2 }} {{ Trim "xxaxx" "x" }} {{ TrimLeft "xxa" "x" }} {{ TrimPrefix "abc" "a" }} {{ TrimSpace "  a  " }}', 'bba a a bc a');
  f('{{ count "a." "abacad" }} {{ alignLeft 5 "ab" }}| {{ alignRight 5 "ab" }} {{ alignLeft 2 "abcdef" }}', '3 ab   |    ab ab');
  f('{{ bytes "1.5KB" }} {{ duration "1.5s" }} {{ duration_seconds "120ms" }}', '1500 1.5 0.12');
  f('{{ unixToTime "1699999200" }}', '2023-11-14 22:00:00 +0000 UTC');
  f('{{ toDateInZone "2006-01-02" "UTC" "2024-02-03" | unixEpoch }}', '1706918400');
  f('{{ (toDate "2006-01-02T15:04:05Z07:00" "2024-02-03T04:05:06+02:00") | date "2006-01-02 15:04 MST" }}', '2024-02-03 02:05 UTC');
  f('{{ urldecode "a%20b+c" }} {{ b64dec "aGk=" }} {{ "x" | indent 2 }}{{ nindent 1 "y" }}', 'a b c hi   x\n y');
  f('{{ index (fromJson "{\\"a\\":[1,2]}") "a" 1 }} {{ len (fromJson "[1,2,3]") }} {{ slice "abcdef" 1 3 }}', '2 3 bc');
  f('{{ print "a" 1 2 "b" }} {{ println "x" }}', 'a1 2b x\n');
  f('{{ lt 1 2 }} {{ ge "b" "a" }} {{ ne .level "x" }} {{ eq .n "1" "3" }}', 'true true true true', L);
  f('{{ html "<a>" }} {{ js "it\'s" }} {{ urlquery "a b" }}', "&lt;a&gt; it\\'s a+b");
});

test('template errors', () => {
  assert.throws(() => compileTemplate('line', '{{ .a '), /unclosed action/);
  assert.throws(() => compileTemplate('line', '{{ if .a }}x'), /unexpected EOF/);
  assert.throws(() => render('{{ nosuchfunc .a }}'), /function "nosuchfunc" not defined/);
  assert.throws(() => render('{{ eq 1 "a" }}'), /incompatible types for comparison/);
  assert.throws(() => render('{{ div 1 0 }}'), /integer divide by zero/);
  assert.throws(() => render('{{ .a "x" }}'), /can't give argument to non-function/);
});

test('constant templates and referenced fields', () => {
  const t = compileTemplate('line', 'plain text');
  assert.equal(t.constant, 'plain text');
  assert.deepEqual([...compileTemplate('line', '{{ .a }} {{ if .b }}{{ .c | ToUpper }}{{ end }} {{ (.d) }}').fields].sort(), ['a', 'b', 'c', 'd']);
});

test('padding and repetition are bounded, so one template cannot exhaust memory', () => {
  for (const src of ['{{ repeat 100000000 "ab" }}', '{{ __line__ | indent 99999999 }}', '{{ alignLeft 50000000 __line__ }}', '{{ printf "%50000000s" "x" }}']) {
    assert.throws(() => render(src), new RegExp(`exceeds the limit of ${MAX_TEMPLATE_TEXT}`), src);
  }
  assert.equal(render(String.raw`{{ repeat 2 "ab" }}|{{ alignRight 4 "x" }}|{{ "a\nb" | indent 1 }}`), "abab|   x| a\n b");
});

test('a whole formatted line is bounded, not only each call: loops, joins, replacements and many verbs', () => {
  const near = MAX_TEMPLATE_TEXT - 10;
  const big = `{{ $x := repeat ${near} "a" }}`;
  const sources = [
    `{{ repeat ${near} "a" }}{{ repeat ${near} "b" }}`,
    `${big}{{ range $i := 10 }}{{ $x }}{{ end }}`,
    `${big}{{ println $x $x $x $x }}`,
    `${big}{{ replace "a" "aaaa" $x }}`,
    `${big}{{ Replace $x "" "xx" -1 }}`,
    `${big}{{ regexReplaceAll "(a+)" $x "$1$1$1" }}`,
    `{{ printf "${'%200000s'.repeat(40)}" ${'"x" '.repeat(40)}}}`,
  ];
  for (const src of sources) {
    assert.throws(() => render(src), new RegExp(`exceeds the limit of ${MAX_TEMPLATE_TEXT}`), src.slice(0, 80));
  }
  assert.equal(render(`${big}{{ len $x }}`), String(near));
  assert.throws(() => render('{{ range 1000000000000 }}{{ range 1000000000000 }}{{ end }}{{ end }}'), /range iterations exceed the limit/);
  assert.equal(render('{{ range $i := 3 }}{{ $i }}{{ else }}none{{ end }}|{{ range 0 }}x{{ else }}none{{ end }}'), '012|none');
  assert.equal(render('{{ replace "a" "bb" "banana" }}'), 'bbbnbbnbb');
});

test('Go and Sprig details as Loki 3.6 renders them (issue 13, class 2)', () => {
  const f = (src: string, want: string, labels: Record<string, string> = {}, line?: string) =>
    assert.equal(compileTemplate('line', src).execute(labels, { line: line ?? 'the line', ts: TS }), want, src);
  // bytes returns a float64, printed with %v
  f('{{ printf "%.1f" (bytes "1KB") }} {{ bytes "2.81MB" }} {{ bytes "1.5KB" }}', '1000.0 2.81e+06 1500');
  // Sprig's float ops are decimal; division keeps 16 fractional digits, %v prints the shortest float
  f('{{ divf 377.74 3 }} {{ divf 1 3 }} {{ divf 10 4 2 }} {{ mulf 1.1 1.1 }} {{ addf 0.1 0.2 }} {{ subf 1 0.9 }}', '125.91333333333333 0.3333333333333333 1.25 1.21 0.3 0.1');
  f('{{ divf -2 3 }} {{ mulf 1e300 1e10 }}', '-0.6666666666666667 +Inf');
  // the labels are a map[string]string: index works, a missing key is ""
  f('{{ index . "level" }}|{{ index . "nope" }}|{{ len . }}', 'info||1', { level: 'info' });
  // fromJson of a line that is not JSON is nil: a field of it prints <no value>
  f('{{ (fromJson __line__).event }}', '<no value>', {}, 'level=info not json');
  f('{{ (fromJson __line__).event }}', 'x', {}, '{"event":"x"}');
  // time.Time methods
  f('{{ (toDateInZone "2006-01-02 15:04" "Europe/Paris" "2024-07-03 09:30").Hour }} {{ (toDateInZone "2006-01-02 15:04" "Europe/Paris" "2024-07-03 09:30").UTC.Hour }}', '9 7');
  f('{{ $t := unixToTime "1699999200" }}{{ $t.Year }}-{{ $t.Month }}-{{ $t.Day }} {{ $t.Weekday }} {{ $t.Minute }} {{ $t.Unix }} {{ $t.YearDay }}', '2023-November-14 Tuesday 0 1699999200 318');
});

test('execution errors are Go\'s: location, command and cause', () => {
  const err = (src: string, labels: Record<string, string> = {}): string => {
    try {
      compileTemplate('line', src).execute(labels, { line: 'l', ts: TS });
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.equal(err('{{ substr 3 1 "hello" }}'), 'template: line:1:3: executing "line" at <substr 3 1 "hello">: error calling substr: runtime error: slice bounds out of range [3:1]');
  assert.equal(err('{{ substr -1 9 "hello" }}'), 'template: line:1:3: executing "line" at <substr -1 9 "hello">: error calling substr: runtime error: slice bounds out of range [:9] with length 5');
  assert.equal(err('{{ substr 7 -1 "hello" }}'), 'template: line:1:3: executing "line" at <substr 7 -1 "hello">: error calling substr: runtime error: slice bounds out of range [7:5]');
  assert.equal(err('{{ if gt .status 500 }}x{{ end }}', { status: '502' }), 'template: line:1:6: executing "line" at <gt .status 500>: error calling gt: incompatible types for comparison');
  assert.equal(err('ok\n  {{ .a | div 10 | printf "%d" }}', { a: '0' }), 'template: line:2:10: executing "line" at <div 10>: error calling div: runtime error: integer divide by zero');
  assert.equal(err('{{ regexReplaceAll "(" .msg "x" | ToUpper }}'), 'template: line:1:3: executing "line" at <regexReplaceAll "(" ...>: error calling regexReplaceAll: error parsing regexp: missing closing ): `(`');
  assert.equal(compileTemplate('line', '{{ substr 1 3 "hello" }}').execute({}, { line: '', ts: TS }), 'el');
});

test('a template reused across lines follows every input it reads', () => {
  const run = (t: ReturnType<typeof compileTemplate>, labels: Record<string, string>, line = 'l', ts = TS) => t.execute(labels, { line, ts });
  const byLabel = compileTemplate('line', '{{ .level | upper }}-{{ $.env }}');
  assert.equal(run(byLabel, { level: 'a', env: 'x' }), 'A-x');
  assert.equal(run(byLabel, { level: 'a', env: 'x', other: 'ignored' }), 'A-x');
  assert.equal(run(byLabel, { level: 'b', env: 'x' }), 'B-x');
  assert.equal(run(byLabel, { level: 'b', env: 'y' }), 'B-y');
  assert.equal(run(byLabel, { level: 'b' }), 'B-');

  const byLine = compileTemplate('line', '{{ .level }} {{ __line__ }} {{ __timestamp__ | unixEpochNanos }}');
  assert.equal(run(byLine, { level: 'a' }, 'one'), `a one ${TS}`);
  assert.equal(run(byLine, { level: 'a' }, 'two'), `a two ${TS}`);
  assert.equal(run(byLine, { level: 'a' }, 'two', TS + 1n), `a two ${TS + 1n}`);

  const whole = compileTemplate('line', '{{ range $k, $v := . }}{{ $k }}={{ $v }};{{ end }}');
  assert.equal(run(whole, { a: '1' }), 'a=1;');
  assert.equal(run(whole, { a: '1', b: '2' }), 'a=1;b=2;');

  const failing = compileTemplate('line', '{{ repeat 300000 .level }}');
  assert.throws(() => run(failing, { level: 'a' }), /exceeds the limit/);
  assert.throws(() => run(failing, { level: 'a' }), /exceeds the limit/);
  assert.equal(run(failing, { level: '' }), '');
});
