// Errors of LogQL parsing, worded and positioned exactly as Loki prints them in its HTTP 400
// bodies (logqlmodel.ParseError): `parse error at line L, col C: <msg>`, or
// `parse error : <msg>` when no position is known (line and col both 0).

export class ParseError extends Error {
  /** 1-based line; 0 when unknown (Loki also reports 0 after its lexer moved past a token). */
  readonly line: number;
  /** 1-based column in characters; 0 when unknown. */
  readonly col: number;
  /** The message without the `parse error …:` prefix. */
  readonly detail: string;

  constructor(detail: string, line = 0, col = 0, message?: string) {
    super(message ?? (line === 0 && col === 0 ? `parse error : ${detail}` : `parse error at line ${line}, col ${col}: ${detail}`));
    this.name = 'ParseError';
    this.line = line;
    this.col = col;
    this.detail = detail;
  }

  /** An error Loki reports as a 400 without the `parse error` prefix (e.g. disabled features). */
  static plain(message: string): ParseError {
    return new ParseError(message, 0, 0, message);
  }
}

/** The error Loki raises when building a pipeline stage fails (logqlmodel.NewStageError). */
export function stageError(stageText: string, cause: string): ParseError {
  return new ParseError(`stage '${stageText}' : ${cause}`);
}

/** The 400 body of a query Loki refuses before parsing (`input size too long (n > 131072)`). */
export const MAX_QUERY_BYTES = 131072;
