/** An error that carries the HTTP status Loki answers with; the message is sent as the plain-text body. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const badRequest = (msg: string): HttpError => new HttpError(400, msg);
