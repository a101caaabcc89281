// Worker thread of a parallel readCsv: reads byte ranges of the file into the shared column
// storage and sends back what each range came to. Loads only the CSV modules (not tfjs or danfo),
// so it starts in tens of milliseconds.
import { parentPort } from "node:worker_threads";
import { CsvRecords } from "./csv_records.js";
import { readRanges, type RangeJob } from "./range_reader.js";

parentPort!.once("message", ({ job, thread }: { job: RangeJob; thread: number }) => {
  const outcome = readRanges(job, thread, new CsvRecords(job.fd, job.delimiter, job.quote));
  // Values that outgrew their shared room are in this thread's own arrays: move, don't copy.
  const transfer: ArrayBuffer[] = [];
  if (outcome.ok) {
    for (const r of outcome.results) for (const p of r.parts) if (p?.numbers) transfer.push(p.numbers.buffer as ArrayBuffer);
  }
  parentPort!.postMessage(outcome, transfer);
});
