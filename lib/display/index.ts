export { display, DisplayHandle, setDisplaySink, displaySink } from "./display.js";
export type { DisplaySink, DisplayOptions, Display } from "./display.js";
export { registerFormatter, unregisterFormatter, formatValue, formatterNames, plainText } from "./formatters.js";
export type { Formatter } from "./formatters.js";
export type { MimeBundle, MimeMetadata } from "./mime.js";
