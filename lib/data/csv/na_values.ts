/** pandas' default missing-value markers (`pandas._libs.parsers.STR_NA_VALUES`). */
export const PANDAS_NA_VALUES: readonly string[] = [
  "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
  "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];
