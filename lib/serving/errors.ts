/**
 * An error answered to a REST client as TF-Serving does: `{"error": message}` with an HTTP status
 * (400 bad request, 404 unknown model/version, 413 body too large).
 */
export class ServingError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "ServingError";
  }
}
