import type { Header } from "./wire.js";

export type Publish = (msgType: string, content: Record<string, unknown>, parent: Header | Record<string, never>) => void;

/**
 * IOPub with stream coalescing: a loop that prints 10,000 lines becomes a few messages, not
 * 10,000. Streams are flushed before any other message so the order a cell produced its output
 * in is the order the front end shows it.
 */
export class Iopub {
  private pending: { parent: Header; name: string; text: string } | null = null;
  private scheduled = false;

  constructor(private readonly publish: Publish) {}

  stream(parent: Header, name: "stdout" | "stderr", text: string): void {
    if (text === "") return;
    const p = this.pending;
    if (p && p.parent.msg_id === parent.msg_id && p.name === name) {
      p.text += text;
      if (p.text.length > 1 << 16) this.flush();
    } else {
      this.flush();
      this.pending = { parent, name, text };
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  send(msgType: string, content: Record<string, unknown>, parent: Header | Record<string, never>): void {
    this.flush();
    this.publish(msgType, content, parent);
  }

  status(state: "starting" | "busy" | "idle", parent: Header | Record<string, never>): void {
    this.send("status", { execution_state: state }, parent);
  }

  flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.publish("stream", { name: p.name, text: p.text }, p.parent);
  }
}
