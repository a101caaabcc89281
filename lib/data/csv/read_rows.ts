import type { CsvRecords } from "./csv_records.js";
import type { ColumnBuilder } from "./column_builder.js";

/**
 * Feeds up to `maxRows` records to the column builders (null = a column not read); short records
 * are padded with missing values, long ones are an error. `pending`: the current record was read
 * already (the first record of a file without header). `rowBase` numbers the rows in errors;
 * `tick` is called every 65536 rows. Returns the rows read.
 */
export function readRows(
  records: CsvRecords,
  cols: (ColumnBuilder | null)[],
  ncols: number,
  maxRows: number,
  pending: boolean,
  rowBase: number,
  tick?: (rows: number) => void,
): number {
  let rows = 0;
  const place = { line: 0, row: 0 };
  const latin1 = () => records.text;
  while (rows < maxRows && (pending || records.next())) {
    pending = false;
    const n = records.count;
    if (n > ncols) throw new Error(`line ${records.line}: expected ${ncols} fields, saw ${n}`);
    place.line = records.line;
    place.row = rowBase + rows;
    const b = records.buf;
    for (let j = 0; j < ncols; j++) {
      const c = cols[j];
      if (c === null) continue;
      if (j < n) c.add(b, records.starts[j], records.ends[j], records.quoted[j], place, latin1);
      else c.addMissing();
    }
    rows++;
    if (tick !== undefined && (rows & 0xffff) === 0) tick(rows);
  }
  return rows;
}
