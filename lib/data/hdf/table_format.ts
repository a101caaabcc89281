import { H5File, H5T, type Metadata } from "./h5_file.js";
import { checkFilters } from "./check_filters.js";
import { allocRawColumn, decodeInto, type RawColumn } from "./raw_column.js";
import { Float64Split } from "./float_split.js";
import { rowSlices } from "./row_slices.js";
import { PyDict, PyTuple, type PyValue } from "./unpickle.js";
import type { PandasColumn, PandasFrame } from "./pandas_frame.js";
import type { RowRange } from "./fixed_format.js";

interface FieldPlan {
  field: string;
  labels: string[];
  base: Metadata;
  offset: number;
  raw: RawColumn[];
  /** pandas' `<field>_dtype` ("index_kind" for the index). */
  dtype: string;
  /** Several float64 columns, 8-byte aligned in the row: split four at a time (float_split.ts). */
  floatField: boolean;
  split?: Float64Split;
}

// A table's rows are decoded field by field from each slice the HDF5 read leaves in the wasm
// heap; 4 MiB slices stay in cache across those strided passes and keep the heap's high-water mark
// small (1M x (index + 10 floats): ~15 % faster first read, peak RSS 464 -> ~300-370 MB than
// one 256 MiB slice, measured on a busy machine).
const TABLE_SLICE_BYTES = 4 * 2 ** 20;

/** pandas' table format (`frame_table` / `series_table`): a compound `/key/table`, rows [start, stop). */
export function readTable(f: H5File, group: string, pandasType: string, range: Partial<RowRange>): PandasFrame {
  const tablePath = `${group}/table`;
  if (f.kind(tablePath) !== "Dataset") throw new Error(`the table dataset ${tablePath} is missing`);
  const meta = f.metadata(tablePath);
  checkFilters(f.filters(tablePath));
  if (meta.type !== H5T.COMPOUND || !meta.compound_type) throw new Error(`${tablePath} is not a compound table`);
  const n = meta.shape?.[0] ?? 0;
  const start = Math.max(0, Math.min(n, range.start ?? 0));
  const stop = Math.max(start, Math.min(n, range.stop ?? n));
  const rows = stop - start;
  const info = f.hasAttr(group, "info") ? f.attrValue(group, "info") : null;
  const nanRep = f.hasAttr(group, "nan_rep") ? String(f.attrValue(group, "nan_rep")) : "nan";
  const order = columnOrder(f.attrValue(group, "non_index_axes"));

  const plans: FieldPlan[] = [];
  let indexPlan: FieldPlan | undefined;
  for (const member of meta.compound_type.members) {
    const isArray = member.type === H5T.ARRAY && member.array_type;
    const base = (isArray ? member.array_type : member) as Metadata;
    const k = isArray ? Math.max(1, member.array_type!.total_size) : 1;
    const isIndex = member.name === "index";
    const labels = isIndex ? ["index"] : fieldLabels(f, tablePath, member.name, k);
    const dtypeAttr = isIndex ? "index_kind" : `${member.name}_dtype`;
    const dtype = f.hasAttr(tablePath, dtypeAttr) ? String(f.attrValue(tablePath, dtypeAttr)) : isIndex ? "integer" : "";
    // Datetimes keep their int64 nanoseconds; other int64 fields start narrow (allocRawColumn).
    const narrow = !dtype.startsWith("datetime64") && !dtype.startsWith("timedelta64");
    const floatField = !isIndex && k > 1 && base.type === H5T.FLOAT && base.size === 8 && base.littleEndian && member.offset % 8 === 0 && meta.size % 8 === 0;
    const plan: FieldPlan = {
      field: member.name,
      labels,
      base,
      offset: member.offset,
      // A float field's columns are made by its Float64Split below.
      raw: floatField ? [] : labels.map((l) => allocRawColumn(base, rows, `field '${member.name}' (${l})`, narrow)),
      dtype,
      floatField,
    };
    if (member.name === "index") indexPlan = plan;
    else plans.push(plan);
  }
  if (!indexPlan) throw new Error(`${tablePath} has no index field`);

  const slices = rowSlices(start, stop, meta.size, TABLE_SLICE_BYTES);
  const sliceBytes = Math.max(1, Math.floor(TABLE_SLICE_BYTES / meta.size)) * meta.size;
  // No helper thread here: a table's time goes to HDF5's chunked reads in this thread, and handing
  // 80 % of the float columns to a worker measured no faster (1M x 10: 0.175 vs 0.167 s best of 7).
  for (const plan of plans) {
    if (!plan.floatField) continue;
    const spec = { rows, columns: plan.labels.length, first: plan.offset / 8, stride: meta.size / 8, slices: slices.length, sliceBytes, helperShare: 0 };
    plan.split = new Float64Split(spec);
  }
  const all = [indexPlan, ...plans];
  try {
    for (const [a, b] of slices) {
      f.withRows(tablePath, meta, a, b - a, (bytes) => {
        if (bytes.byteOffset % 8 !== 0) throw new Error(`internal: unaligned wasm buffer for ${tablePath}`);
        for (const plan of all) {
          if (plan.split) {
            plan.split.push(bytes, b - a, a - start);
            continue;
          }
          for (let j = 0; j < plan.raw.length; j++) {
            plan.raw[j] = decodeInto(plan.raw[j], plan.base, bytes, meta.size, plan.offset + j * plan.base.size, b - a, a - start);
          }
        }
      });
    }
  } catch (e) {
    for (const plan of plans) plan.split?.abort();
    throw e;
  }
  for (const plan of plans) if (plan.split) plan.raw = plan.split.finish();

  const indexInfo = infoFor(info, "index");
  const index = interpret(indexPlan.raw[0], indexPlan.base, indexPlan.dtype, indexInfo, nanRep, false);
  const indexNameV = indexInfo?.get("index_name");
  const byLabel = new Map<string, PandasColumn>();
  for (const plan of plans) {
    const dtype = plan.dtype;
    const kindMeta = f.hasAttr(tablePath, `${plan.field}_meta`) ? f.attrValue(tablePath, `${plan.field}_meta`) : null;
    const fieldInfo = infoFor(info, plan.field);
    plan.raw.forEach((raw, j) => {
      let col = interpret(raw, plan.base, dtype, fieldInfo, nanRep, true);
      if (kindMeta === "category") col = categorical(f, group, plan.field, raw, fieldInfo);
      byLabel.set(plan.labels[j], col);
    });
  }
  const labels = order ?? [...byLabel.keys()];
  const columns = new Map<string, PandasColumn>();
  for (const l of labels) {
    const c = byLabel.get(l);
    if (!c) throw new Error(`column '${l}' is in no field of ${tablePath}`);
    columns.set(l, c);
  }
  const isSeries = pandasType === "series_table";
  const seriesName = isSeries ? labels[0] ?? null : null;
  return {
    columns,
    index,
    indexName: typeof indexNameV === "string" ? indexNameV : null,
    isSeries,
    seriesName,
  };
}

function columnOrder(v: PyValue): string[] | null {
  // [(1, [labels])]
  if (!Array.isArray(v) || !(v[0] instanceof PyTuple)) return null;
  const labels = v[0].items[1];
  return Array.isArray(labels) ? labels.map((l) => String(l)) : null;
}

function fieldLabels(f: H5File, tablePath: string, field: string, k: number): string[] {
  const attr = `${field}_kind`;
  const v = f.hasAttr(tablePath, attr) ? f.attrValue(tablePath, attr) : null;
  const labels = Array.isArray(v) ? v.map((l) => String(l)) : k === 1 ? [field] : null;
  if (!labels || labels.length !== k) throw new Error(`field '${field}' holds ${k} columns but ${attr} names ${labels?.length ?? 0}`);
  return labels;
}

function infoFor(info: PyValue, key: string): PyDict | undefined {
  if (!(info instanceof PyDict)) return undefined;
  const v = info.get(key);
  return v instanceof PyDict ? v : undefined;
}

function interpret(raw: RawColumn, base: Metadata, dtype: string, info: PyDict | undefined, nanRep: string, isValue: boolean): PandasColumn {
  if (dtype === "datetime64") {
    if (!(raw instanceof BigInt64Array)) throw new Error("a datetime64 field is not int64");
    const tz = info?.get("tz");
    return { kind: "datetime64", ns: raw, tz: typeof tz === "string" ? tz : null };
  }
  if (dtype === "timedelta64") throw new Error("timedelta64 columns are not supported");
  if (raw instanceof Float64Array || raw instanceof Float32Array) return { kind: "float64", values: raw };
  if (raw instanceof BigInt64Array || raw instanceof Int32Array) return { kind: "int64", values: raw };
  if (raw instanceof Uint8Array && base.type === H5T.BITFIELD) return { kind: "bool", values: raw };
  if (Array.isArray(raw)) {
    // pandas writes None/NaN strings as nan_rep and turns every nan_rep back into NaN on reading.
    if (isValue) for (let i = 0; i < raw.length; i++) if (raw[i] === nanRep) raw[i] = null;
    return { kind: "string", values: raw };
  }
  throw new Error(`unsupported field type (class ${base.type})`);
}

function categorical(f: H5File, group: string, field: string, raw: RawColumn, info: PyDict | undefined): PandasColumn {
  if (!(raw instanceof Int32Array)) throw new Error(`categorical field '${field}' codes are not small integers`);
  const metaGroup = `${group}/meta/${field}/meta`;
  if (f.kind(`${metaGroup}/table`) !== "Dataset") throw new Error(`categories of '${field}' (${metaGroup}) are missing`);
  const cats = readTable(f, metaGroup, "series_table", {});
  const values = [...cats.columns.values()][0];
  let categories: (string | number | null)[];
  if (values.kind === "string") categories = values.values;
  else if (values.kind === "float64") categories = Array.from(values.values);
  else if (values.kind === "int64") categories = Array.from(values.values as ArrayLike<number | bigint>, (x) => Number(x));
  else throw new Error(`categories of '${field}' have unsupported type ${values.kind}`);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] < -1 || raw[i] >= categories.length) throw new Error(`categorical '${field}' has code ${raw[i]} at row ${i}, outside its ${categories.length} categories`);
  }
  return { kind: "category", codes: raw, categories, ordered: info?.get("ordered") === true };
}
