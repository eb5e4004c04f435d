/** Raised by a template function; exec turns it into the template's execution error. */
export class FuncError extends Error {
  constructor(message: string) {
    // Only the message is ever shown, and a template failing on every line of a scan made thousands: no stack trace.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}
