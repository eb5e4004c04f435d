/** Raised by a template function; exec turns it into the template's execution error. */
export class FuncError extends Error {}
