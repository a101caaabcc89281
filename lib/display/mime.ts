/**
 * A Jupyter mime bundle: one representation of a value per mime type, as `display_data` and
 * `execute_result` carry them. Values are strings, or JSON for `+json` types.
 */
export type MimeBundle = { [mime: string]: unknown };

/** Per-mime metadata (e.g. `{ "image/png": { width: 200 } }`), sent beside a bundle. */
export type MimeMetadata = { [key: string]: unknown };
