export { pandasInputFn } from "./pandas_input_fn.js";
export type { PandasInputFnOptions, InputFn, InputBatch, FeatureBatch, TargetBatch } from "./pandas_input_fn.js";
export { readCsv } from "./read_csv.js";
export type { ReadCsvOptions, CsvDtype } from "./read_csv.js";
export { readHdf, hdfKeys, HdfReadError } from "./read_hdf.js";
export type { ReadHdfOptions } from "./read_hdf.js";
