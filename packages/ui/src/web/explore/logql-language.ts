// Grafana's LogQL grammar (@grafana/lezer-logql) as a CodeMirror language, with a highlight style for the dark theme.
import { HighlightStyle, LRLanguage, syntaxHighlighting } from '@codemirror/language';
import { styleTags, tags as t } from '@lezer/highlight';
import { parser } from '@grafana/lezer-logql';

const FUNCTIONS = [
  'CountOverTime', 'Rate', 'RateCounter', 'BytesOverTime', 'BytesRate', 'AvgOverTime', 'SumOverTime', 'MinOverTime',
  'MaxOverTime', 'StddevOverTime', 'StdvarOverTime', 'QuantileOverTime', 'FirstOverTime', 'LastOverTime', 'AbsentOverTime',
  'Sum', 'Avg', 'Count', 'Max', 'Min', 'Stddev', 'Stdvar', 'Bottomk', 'Topk', 'Sort', 'Sort_Desc', 'ApproxCountDistinct',
  'Approx_Topk', 'Vector', 'LabelReplace', 'Bytes', 'Duration', 'DurationSeconds',
].join(' ');

const logqlLanguage = LRLanguage.define({
  parser: parser.configure({
    props: [styleTags({
      String: t.string,
      'Number Duration': t.number,
      'Identifier LabelName': t.labelName,
      [FUNCTIONS]: t.function(t.variableName),
      'Json Logfmt Unpack Pattern Regexp Unwrap LabelFormat LineFormat Decolorize Drop Keep Ip By Without On Ignoring GroupLeft GroupRight Bool Offset': t.keyword,
      'Eq Neq Re Nre PipeExact PipeMatch PipePattern Npa Pipe Gtr Gte Lss Lte Eql And Or Unless Add Sub Mul Div Mod Pow': t.operator,
      LineComment: t.lineComment,
    })],
  }),
  languageData: { commentTokens: { line: '#' } },
});

// Grafana's dark code colours, near enough: strings green, functions blue, keywords purple.
const darkHighlight = HighlightStyle.define([
  { tag: t.string, color: '#6ccf8e' },
  { tag: t.number, color: '#ff9830' },
  { tag: t.labelName, color: '#e0b400' },
  { tag: t.function(t.variableName), color: '#6e9fff' },
  { tag: t.keyword, color: '#b877d9' },
  { tag: t.operator, color: '#ccccdc' },
  { tag: t.lineComment, color: '#8e8e8e', fontStyle: 'italic' },
]);

export const logql = [logqlLanguage, syntaxHighlighting(darkHighlight)];
