// Differential test against Grafana's own LogQL grammar, @grafana/lezer-logql 0.4.2 (the one
// Grafana's query editor uses): on a generated corpus, what one parser accepts the other must
// accept too. Only syntax is compared (syntaxError): Lezer does none of Loki's checks, so a
// query Loki refuses for other reasons (`{}`, `sum_over_time` without unwrap, bad regexps,
// stage errors) counts as accepted here; only lexer and grammar errors count as rejections.
//
// Deliberate differences, each tied to a tag the generator puts on the queries that use it:
// - Loki's lexer is Go's text/scanner, and we follow it where Lezer's tokenizer differs:
//   - reserved-word-label: `by without bool on ignoring group_left group_right offset unwrap or
//     and unless json logfmt regexp unpack pattern line_format label_format decolorize drop keep
//     variants of` are always keywords in Loki, so `{by="x"}` is a syntax error; Lezer takes
//     some of them as label names.
//   - function-word-label: function names are keywords in Loki only before `(`, so
//     `{vector="x"}` and `{label_replace="x"}` are selectors; Lezer refuses these two.
//   - unicode-label: Go identifiers allow any Unicode letter (`élan`); Lezer's are ASCII.
//   - go-comment: Go's scanner skips `// …` and `/* … */`; Lezer only knows `#` comments.
//   - digit-separator: `1_000` is a Go number literal; Lezer rejects the underscore.
//   - negative-zero: Loki lexes `-0` as a duration (time.ParseDuration("-0") succeeds), so a
//     literal `-0` is a syntax error there; Lezer reads a negative number.
//   - fraction-range: `[1.5m]` is a lexer error in Loki (ranges are Prometheus durations only);
//     Lezer accepts any duration.
// - Loki's grammar (expr.y) has rules Lezer's lacks:
//   - label-filter-juxtaposition: `| a="1" b="2"` (two filters without `,`/`and`) is an `and`.
//   - parenthesized-pipeline-unwrap: `({…} | json | unwrap x) [5m]`.
//   - pipeline-unwrap-offset: `{…} | json | unwrap x [5m] offset 1h`.
//   - variants: `variants(…) of (…)` (experimental in Loki, refused after parsing; unknown to Lezer).
//   - or-after-ip: `lineFilter OR orFilter` continues any line filter, so `|= "a" != ip("…") or "b"` and
//     `|= ip("…") or ip("…") or "b"` are valid; Lezer takes an `or` after `ip()` only in some positions.
// - Lezer's grammar has one rule Loki's lacks:
//   - trailing-comma-matching-labels: `on(a,)` and `group_left(b,)` (not `by (a,)`).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parser } from '@grafana/lezer-logql';
import { syntaxError } from './parser.js';
import { type QueryTag, generateQueries } from './query-generator.js';

const EXPECTED_DIFFERENCES: ReadonlySet<QueryTag> = new Set([
  'reserved-word-label', 'function-word-label', 'unicode-label', 'go-comment', 'digit-separator', 'negative-zero', 'fraction-range',
  'label-filter-juxtaposition', 'parenthesized-pipeline-unwrap', 'pipeline-unwrap-offset', 'variants', 'or-after-ip',
  'trailing-comma-matching-labels',
]);

function lezerAccepts(q: string): boolean {
  let ok = true;
  parser.parse(q).iterate({ enter: (n) => { if (n.type.isError) ok = false; } });
  return ok;
}

const lokiSyntaxAccepts = (q: string): boolean => syntaxError(q) === undefined;

test('Logi and @grafana/lezer-logql accept the same generated queries', () => {
  const corpus = generateQueries(20240501, 1500, 1500);
  const unexplained: string[] = [];
  let accepted = 0;
  let differences = 0;
  for (const q of corpus) {
    const ours = lokiSyntaxAccepts(q.text);
    if (ours) accepted++;
    if (ours === lezerAccepts(q.text)) continue;
    differences++;
    if (!q.tags.some((t) => EXPECTED_DIFFERENCES.has(t))) unexplained.push(`${ours ? 'only Logi' : 'only Lezer'} accepts: ${q.text}`);
  }
  assert.deepEqual(unexplained, []);
  // the corpus must exercise both sides of the comparison
  assert.ok(corpus.length >= 3000);
  assert.ok(accepted > 1200 && corpus.length - accepted > 1200, `accepted ${accepted} of ${corpus.length}`);
  assert.ok(differences < corpus.length * 0.15, `${differences} differences`);
});

test('each documented difference is real and goes the documented way', () => {
  const f = (q: string, logi: boolean): void => {
    assert.equal(lokiSyntaxAccepts(q), logi, `Logi on ${q}`);
    assert.equal(lezerAccepts(q), !logi, `Lezer on ${q}`);
  };
  f('{by="x"}', false);
  f('{vector="x"}', true);
  f('{élan="x"}', true);
  f('{app="a"} // note', true);
  f('{app="a"} /* note */', true);
  f('{app="a"} | x > 1_000', true);
  f('-0', false);
  f('rate({app="a"}[1.5m])', false);
  f('{app="a"} | x="1" y="2"', true);
  f('rate(({app="a"} | json | unwrap x) [5m])', true);
  f('rate({app="a"} | json | unwrap x [5m] offset 1h)', true);
  f('variants(count_over_time({app="a"}[1m])) of ({app="a"})', true);
  f('{app="a"} |= "GET" != ip("10.0.0.0/8") or ip("172.16.0.0/12")', true);
  f('{app="a"} |= ip("10.0.0.0/8") or ip("172.16.0.0/12") or "x"', true);
  f('rate({app="a"}[1m]) / on(a,) rate({app="a"}[1m])', false);
});
