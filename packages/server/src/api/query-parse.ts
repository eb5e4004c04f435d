import { ParseError } from '@logi/logql';
import { HttpError } from './http-error.js';

/** Runs a LogQL parse, turning a ParseError into Loki's 400 with the error's own text. */
export function parseQueryOrThrow<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ParseError) throw new HttpError(400, e.message);
    throw e;
  }
}
