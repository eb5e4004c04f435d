import type { SourcePos } from '../error.js';

export type Expr =
  | { kind: 'lit'; value: string | number | boolean | null; pos: SourcePos }
  | { kind: 'array'; items: Expr[]; pos: SourcePos }
  | { kind: 'object'; fields: { key: string; value: Expr; pos: SourcePos }[]; pos: SourcePos }
  | { kind: 'ident'; name: string; pos: SourcePos }
  | { kind: 'access'; target: Expr; name: string; pos: SourcePos }
  | { kind: 'index'; target: Expr; index: Expr; pos: SourcePos }
  | { kind: 'call'; fn: Expr; args: Expr[]; pos: SourcePos }
  | { kind: 'unary'; op: string; expr: Expr; pos: SourcePos }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; pos: SourcePos };

export interface Attribute {
  kind: 'attr';
  name: string;
  value: Expr;
  pos: SourcePos;
}

export interface Block {
  kind: 'block';
  /** Dotted name, e.g. "loki.source.file" or "stage.json". */
  name: string;
  label: string | undefined;
  body: Statement[];
  pos: SourcePos;
}

export type Statement = Attribute | Block;
