/**
 * tslab-keras as a library: `import { keras, tf, readCsv } from "tslab-keras"`. The kernel's
 * prelude gives every notebook these same names with no import.
 */
import * as tf from "@tensorflow/tfjs";
import * as dfd from "danfojs-node";

export { tf, dfd };
export { keras } from "./keras/index.js";
export { display, DisplayHandle, registerFormatter, formatValue } from "./display/index.js";
export { plot, installNotebookDisplay } from "./display/index.js";
export type { MimeBundle, Formatter } from "./display/index.js";
export { backend } from "./backend/index.js";
export type { BackendInfo, BackendName } from "./backend/index.js";
export { serve } from "./serving/index.js";
export type { ServeOptions, ServingHandle } from "./serving/index.js";
export { pandasInputFn, readCsv, readHdf, hdfKeys, HdfReadError } from "./data/index.js";
export type { PandasInputFnOptions, InputFn, InputBatch, ReadCsvOptions, CsvDtype, ReadHdfOptions } from "./data/index.js";
export { Experiment, exportModel } from "./train/index.js";
export type { ExperimentOptions, EvalResult, CheckpointState } from "./train/index.js";
