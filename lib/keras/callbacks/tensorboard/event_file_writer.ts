import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileVersionEvent } from "./summary_protos.js";
import { tfrecord } from "./tfrecord.js";

/**
 * An `events.out.tfevents.<seconds>.<host>.<pid>.v2` file, named as TensorFlow names it. Event
 * files are append-only logs that TensorBoard tails while training runs, so they are appended to
 * (never rewritten) and fsynced on flush; each record is whole, so a reader never sees a torn one
 * except possibly the last after a crash, which TensorBoard's reader skips.
 */
export class EventFileWriter {
  readonly path: string;
  private fd: number | undefined;

  constructor(dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    const now = Date.now() / 1000;
    this.path = path.join(dir, `events.out.tfevents.${Math.floor(now)}.${os.hostname()}.${process.pid}.v2`);
    this.fd = fs.openSync(this.path, "a");
    this.write(fileVersionEvent(now));
  }

  write(event: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`event file ${this.path} is closed`);
    fs.writeSync(this.fd, tfrecord(event));
  }

  flush(): void {
    if (this.fd !== undefined) fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
