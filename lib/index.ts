/**
 * tslab-keras as a library: `import { keras, tf, readCsv } from "tslab-keras"`. The kernel's
 * prelude gives every notebook these same names with no import.
 */
import * as tf from "@tensorflow/tfjs";
import * as dfd from "danfojs-node";

export { tf, dfd };
export { keras } from "./keras/index.js";
export { display, DisplayHandle, registerFormatter, formatValue } from "./display/index.js";
export type { MimeBundle, Formatter } from "./display/index.js";
