import type { MessagePort } from "node:worker_threads";

/**
 * The protocol between readHdf's reading thread and its split worker (float_split.ts,
 * split_worker.ts): a ring of RING_SLOTS row slices in a SharedArrayBuffer and an Int32Array of
 * counters beside it. The reader copies slice k into slot k % RING_SLOTS, then bumps `produced`;
 * the worker splits it and bumps `consumed`; a slot is reused only once consumed.
 */
export const RING_SLOTS = 3;

/** Indexes into the control Int32Array. */
export const CTRL = {
  produced: 0,
  consumed: 1,
  state: 2,
  /** Per slot: its rows, then the row its first row lands at. */
  slotRows: 4,
} as const;

export const CTRL_LENGTH = CTRL.slotRows + 2 * RING_SLOTS;

export const STATE = { running: 0, done: 1, failed: 2, aborted: 3 } as const;

export interface SplitJob {
  ctrl: SharedArrayBuffer;
  ring: SharedArrayBuffer;
  slotBytes: number;
  /** Every column of the split, one after another; the worker fills columns `outColumn` on. */
  out: SharedArrayBuffer;
  outColumn: number;
  /** Rows of each output column. */
  rows: number;
  /** How many columns the worker makes, and the float64 item of a row its first one is. */
  columns: number;
  first: number;
  /** float64 items per row. */
  stride: number;
  slices: number;
  /** Where the worker sends its error text, if it fails. */
  port: MessagePort;
}
