// `logi fmt 'LogQL'` (or the query on stdin, as logcli reads it): formats a query offline with
// Loki's pretty-printer; a query that does not parse gets the error, the line, and a ^ under the column.
import { readFileSync } from 'node:fs';
import { ParseError, parseExpr, prettyExpr } from '@logi/logql';
import { CommandError, type ParsedArgs } from './args.js';
import type { Command } from './command.js';
import type { Io } from './io.js';

/**
 * The parse error, then the line it is on with a caret under its column (tabs kept so the caret
 * lines up). Loki reports line 0 for some errors with a column: on a one-line query that is line 1.
 */
export function markParseError(query: string, e: ParseError): string {
  const lines = query.split('\n');
  const lineNumber = e.line === 0 && e.col > 0 && lines.length === 1 ? 1 : e.line;
  const line = lines[lineNumber - 1];
  if (lineNumber === 0 || line === undefined) return e.message;
  const before = [...line].slice(0, Math.max(0, e.col - 1)).map((ch) => (ch === '\t' ? '\t' : ' ')).join('');
  return `${e.message}\n  ${line}\n  ${before}^`;
}

async function run(args: ParsedArgs, io: Io): Promise<void> {
  const query = args.positionals[0] ?? readFileSync(0, 'utf8');
  try {
    io.write(prettyExpr(parseExpr(query)) + '\n');
  } catch (e) {
    if (e instanceof ParseError) throw new CommandError(markParseError(query, e));
    throw e;
  }
}

export const fmtCommand: Command = {
  usage: `usage: logi fmt ['LogQL']
Formats a LogQL query (the argument, or stdin) as Loki does, without a server; exit 1 if it does not parse.
`,
  options: {},
  positionals: [0, 1],
  run,
};
