// Worker thread of readHdf's float64 split (float_split.ts): takes the last columns of each row
// slice the reading thread puts into the shared ring, into those columns of the shared output (so
// their first touch, the page faults, happens on this core). Loads only the split itself, so it
// starts in tens of milliseconds.
import { parentPort, workerData } from "node:worker_threads";
import { splitFloat64Block } from "./raw_column.js";
import { CTRL, RING_SLOTS, STATE, type SplitJob } from "./split_ring.js";

parentPort!.on("message", (job: SplitJob) => {
  const ctrl = new Int32Array(job.ctrl);
  let cols: Float64Array[] = [];
  try {
    cols = Array.from({ length: job.columns }, (_, j) => new Float64Array(job.out, (job.outColumn + j) * job.rows * 8, job.rows));
    for (let done = 0; done < job.slices; done++) {
      // Wait until the reader has put slice `done` in the ring (or given up).
      while (Atomics.load(ctrl, CTRL.produced) === done && Atomics.load(ctrl, CTRL.state) === STATE.running) {
        Atomics.wait(ctrl, CTRL.produced, done, 1000);
      }
      if (Atomics.load(ctrl, CTRL.state) !== STATE.running) return;
      const slot = done % RING_SLOTS;
      const rows = ctrl[CTRL.slotRows + 2 * slot];
      const at = ctrl[CTRL.slotRows + 2 * slot + 1];
      const bytes = new Uint8Array(job.ring, slot * job.slotBytes, job.slotBytes);
      splitFloat64Block(cols, bytes, job.stride, rows, at, job.first);
      Atomics.store(ctrl, CTRL.consumed, done + 1);
      Atomics.notify(ctrl, CTRL.consumed);
    }
    Atomics.store(ctrl, CTRL.state, STATE.done);
  } catch (e) {
    job.port.postMessage(String((e as Error)?.message ?? e));
    Atomics.store(ctrl, CTRL.state, STATE.failed);
  } finally {
    job.port.close();
    Atomics.notify(ctrl, CTRL.state);
    Atomics.notify(ctrl, CTRL.consumed);
  }
});

// Tells the reader that jobs posted from now on are taken at once.
const ready = new Int32Array((workerData as { ready: SharedArrayBuffer }).ready);
Atomics.store(ready, 0, 1);
Atomics.notify(ready, 0);
