import * as fs from "node:fs";
import * as zmq from "zeromq";
import { Iopub } from "./iopub.js";
import { Kernel, type Reply } from "./kernel.js";
import { checkConnectionInfo, decode, encode, endpoint, newHeader, SendQueue, type ConnectionInfo, type Message } from "./wire.js";

/**
 * The kernel's sockets: shell and control (ROUTER), iopub (PUB), stdin (ROUTER), heartbeat (REP).
 * Shell requests run one at a time, in order; control requests (interrupt, shutdown) are served
 * while a cell runs. After a failed cell with `stop_on_error`, the execute requests already
 * queued behind it are answered `aborted`, as ipykernel does.
 */
export class KernelServer {
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopubSocket = new zmq.Publisher();
  private readonly hb = new zmq.Reply();
  private readonly shellOut = new SendQueue(this.shell);
  private readonly controlOut = new SendQueue(this.control);
  private readonly iopubOut = new SendQueue(this.iopubSocket);
  private readonly queue: Message[] = [];
  private draining = false;
  private readonly session = newHeader("status", "").msg_id;
  readonly kernel: Kernel;
  private closed = false;

  constructor(private readonly info: ConnectionInfo) {
    const iopub = new Iopub((msgType, content, parent) => {
      if (this.closed) return;
      const msg = { identities: [Buffer.from(msgType === "stream" ? `stream.${content.name}` : msgType)], header: newHeader(msgType, this.session), parent_header: parent, metadata: {}, content };
      this.iopubOut.send(encode(this.info.key, msg)).catch((e) => this.kernel.log(`iopub send failed: ${e}`));
    });
    this.kernel = new Kernel(iopub);
    this.iopub = iopub;
  }
  private readonly iopub: Iopub;

  static fromFile(file: string): KernelServer {
    let info: ConnectionInfo;
    try {
      info = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(`cannot read the connection file ${file}: ${(e as Error).message}`);
    }
    checkConnectionInfo(info, file);
    return new KernelServer(info);
  }

  async start(): Promise<void> {
    const i = this.info;
    await Promise.all([
      bindPatiently(this.shell, endpoint(i, i.shell_port)),
      bindPatiently(this.control, endpoint(i, i.control_port)),
      bindPatiently(this.stdin, endpoint(i, i.stdin_port)),
      bindPatiently(this.iopubSocket, endpoint(i, i.iopub_port)),
      bindPatiently(this.hb, endpoint(i, i.hb_port)),
    ]);
    this.iopub.status("starting", {});
    void this.heartbeat();
    void this.receive(this.shell, (m) => this.enqueue(m));
    void this.receive(this.control, (m) => void this.onControl(m));
    void this.receive(this.stdin, () => undefined);
    // Heavy start-up (TypeScript, tfjs, the backend) waits until the client has its kernel_info
    // reply, or a moment if it never asks, so that reply is never stuck behind it.
    setTimeout(() => void this.kernel.startPrelude(), 1000).unref();
  }

  private async heartbeat(): Promise<void> {
    for await (const frames of this.hb) {
      if (this.closed) return;
      await this.hb.send(frames);
    }
  }

  private async receive(sock: zmq.Router, handle: (m: Message) => void): Promise<void> {
    for await (const frames of sock) {
      if (this.closed) return;
      let msg: Message;
      try {
        msg = decode(this.info.key, frames as Buffer[]);
      } catch (e) {
        this.kernel.log(`dropped a malformed message: ${(e as Error).message}`);
        continue;
      }
      handle(msg);
    }
  }

  private reply(out: SendQueue, req: Message, msgType: string, reply: Reply): Promise<void> {
    const msg = { identities: req.identities, header: newHeader(msgType, this.session), parent_header: req.header, metadata: reply.metadata ?? {}, content: reply.content };
    return out.send(encode(this.info.key, msg));
  }

  private enqueue(msg: Message): void {
    this.queue.push(msg);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const msg = this.queue.shift()!;
        try {
          await this.onShell(msg);
        } catch (e) {
          this.kernel.log(`error handling ${msg.header.msg_type}: ${(e as Error).stack ?? e}`);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async onShell(msg: Message): Promise<void> {
    const type = msg.header.msg_type;
    this.iopub.status("busy", msg.header);
    try {
      switch (type) {
        case "kernel_info_request":
          await this.reply(this.shellOut, msg, "kernel_info_reply", { content: this.kernel.kernelInfo() });
          setImmediate(() => void this.kernel.startPrelude());
          break;
        case "execute_request": {
          const reply = await this.kernel.execute(msg);
          await this.reply(this.shellOut, msg, "execute_reply", { content: reply.content, metadata: { status: reply.content.status } });
          if (reply.content.status === "error" && msg.content.stop_on_error !== false) this.abortQueued();
          break;
        }
        case "complete_request":
          await this.reply(this.shellOut, msg, "complete_reply", { content: this.kernel.complete(msg.content) });
          break;
        case "inspect_request":
          await this.reply(this.shellOut, msg, "inspect_reply", { content: this.kernel.inspect(msg.content) });
          break;
        case "is_complete_request":
          await this.reply(this.shellOut, msg, "is_complete_reply", { content: this.kernel.isComplete(msg.content) });
          break;
        case "history_request":
          await this.reply(this.shellOut, msg, "history_reply", { content: this.kernel.historyReply(msg.content) });
          break;
        case "comm_info_request":
          await this.reply(this.shellOut, msg, "comm_info_reply", { content: this.kernel.commInfo() });
          break;
        case "comm_open":
          // No comm targets: tell the front end the comm is closed, as ipykernel does.
          this.iopub.send("comm_close", { comm_id: msg.content.comm_id, data: {} }, msg.header);
          break;
        case "comm_msg":
        case "comm_close":
          break;
        case "shutdown_request":
          await this.shutdown(this.shellOut, msg);
          return;
        default:
          this.kernel.log(`unsupported shell message type ${JSON.stringify(type)}`);
      }
    } finally {
      this.iopub.status("idle", msg.header);
    }
  }

  /** The requests already waiting when a cell failed are the "rest of the run": abort them. */
  private abortQueued(): void {
    const waiting = this.queue.splice(0);
    for (const m of waiting) {
      if (m.header.msg_type !== "execute_request") {
        this.queue.push(m);
        continue;
      }
      this.iopub.status("busy", m.header);
      void this.reply(this.shellOut, m, "execute_reply", { content: { status: "aborted", execution_count: null }, metadata: { status: "aborted" } });
      this.iopub.status("idle", m.header);
    }
  }

  private async onControl(msg: Message): Promise<void> {
    const type = msg.header.msg_type;
    switch (type) {
      case "interrupt_request":
        this.kernel.interrupt();
        await this.reply(this.controlOut, msg, "interrupt_reply", { content: { status: "ok" } });
        break;
      case "shutdown_request":
        await this.shutdown(this.controlOut, msg);
        break;
      case "kernel_info_request":
        await this.reply(this.controlOut, msg, "kernel_info_reply", { content: this.kernel.kernelInfo() });
        break;
      default:
        this.kernel.log(`unsupported control message type ${JSON.stringify(type)}`);
    }
  }

  private async shutdown(out: SendQueue, msg: Message): Promise<void> {
    const restart = msg.content.restart === true;
    this.kernel.interrupt();
    await this.reply(out, msg, "shutdown_reply", { content: { status: "ok", restart } });
    await this.close();
    process.exit(0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.iopub.flush();
    await Promise.race([Promise.all([this.iopubOut.drain(), this.shellOut.drain(), this.controlOut.drain()]), new Promise((r) => setTimeout(r, 500))]);
    this.closed = true;
    this.kernel.close();
    for (const s of [this.shell, this.control, this.stdin, this.iopubSocket, this.hb]) s.close();
  }
}

/**
 * Binds, retrying for up to 3 s while the port is in use. A client picks the kernel's ports by
 * binding and releasing them; another client doing the same at that moment (two notebooks starting
 * side by side) may hold one of them for an instant. Only a port that stays taken is an error.
 */
export async function bindPatiently(socket: { bind(address: string): Promise<void> }, address: string): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      return await socket.bind(address);
    } catch (error) {
      if (!/Address already in use|EADDRINUSE/.test(String((error as Error).message)) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
