import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as zmq from "zeromq";
import { decode, encode, endpoint, newHeader, SendQueue, type ConnectionInfo, type Message } from "./wire.js";

/**
 * A Jupyter client over ZMQ, in TypeScript (no Python): starts a kernel process from a command
 * line, talks shell/control/iopub, and collects each request's iopub messages until its idle.
 * Used by the headless runner and by tests and benchmarks that measure the kernel directly.
 */

export interface StartOptions {
  /** Command line of the kernel; `{connection_file}` is replaced as in a kernelspec's argv. */
  argv: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the kernel's own stderr goes (its log); default: dropped unless TSLAB_KERAS_DEBUG. */
  onLog?: (text: string) => void;
}

export interface Exchange {
  reply: Message;
  /** iopub messages whose parent is the request, in order, up to and including its idle status. */
  iopub: Message[];
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export class KernelClient {
  readonly session = newHeader("x", "").msg_id;
  private readonly shell = new zmq.Dealer();
  private readonly control = new zmq.Dealer();
  private readonly iopub = new zmq.Subscriber();
  private readonly shellOut = new SendQueue(this.shell);
  private readonly controlOut = new SendQueue(this.control);
  private readonly waiters = new Map<string, { resolve: (m: Message) => void }>();
  private readonly iopubByParent = new Map<string, Message[]>();
  private readonly idleWaiters = new Map<string, () => void>();
  /** Every iopub message, for observers (e.g. output that arrives for an earlier cell). */
  onIopub?: (m: Message) => void;
  private exited = false;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  private stderrTail = "";
  /** When the process was spawned and when it first answered kernel_info (performance.now()). */
  readonly spawnedAt = performance.now();
  kernelInfoRepliedAt?: number;

  private constructor(readonly info: ConnectionInfo, readonly child: ChildProcess, private readonly dir: string) {}

  static async start(options: StartOptions): Promise<KernelClient> {
    const [shell_port, iopub_port, stdin_port, control_port, hb_port] = await freePorts(5);
    const info: ConnectionInfo = { transport: "tcp", ip: "127.0.0.1", shell_port, iopub_port, stdin_port, control_port, hb_port, key: randomBytes(16).toString("hex"), signature_scheme: "hmac-sha256", kernel_name: "tslab-keras" };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-keras-client-"));
    const file = path.join(dir, "kernel.json");
    fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
    const [cmd, ...args] = options.argv.map((a) => a.replace("{connection_file}", file));
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const client = new KernelClient(info, child, dir);
    const log = options.onLog ?? (process.env.TSLAB_KERAS_DEBUG ? (t: string) => process.stderr.write(t) : undefined);
    child.stdout!.on("data", (d: Buffer) => log?.(d.toString()));
    child.stderr!.on("data", (d: Buffer) => {
      client.stderrTail = (client.stderrTail + d.toString()).slice(-4000);
      log?.(d.toString());
    });
    child.on("exit", (code, signal) => {
      client.exited = true;
      client.exitCode = code;
      client.exitSignal = signal;
      const err = new Error(`the kernel exited (code ${code}, signal ${signal})${client.stderrTail ? `; its last log lines:\n${client.stderrTail}` : ""}`);
      for (const w of client.waiters.values()) w.resolve(Object.assign({} as Message, { error: err }));
      client.waiters.clear();
    });
    client.shell.connect(endpoint(info, shell_port));
    client.control.connect(endpoint(info, control_port));
    client.iopub.connect(endpoint(info, iopub_port));
    client.iopub.subscribe();
    void client.listen(client.shell);
    void client.listen(client.control);
    void client.listenIopub();
    return client;
  }

  /**
   * Starts a kernel and waits until it is ready, choosing fresh ports when the kernel could not
   * bind the ones it was given. Ports are picked by binding and releasing them, as every Jupyter
   * client does, so another process starting at the same moment (two notebooks run side by side)
   * can take one before the kernel binds it; the kernel then exits with "Address already in use".
   */
  static async launch(options: StartOptions, attempts = 5): Promise<KernelClient> {
    for (let attempt = 1; ; attempt++) {
      const client = await KernelClient.start(options);
      try {
        await client.waitReady();
        return client;
      } catch (error) {
        const portTaken = client.exited && /Address already in use|EADDRINUSE/.test(client.stderrTail);
        await client.shutdown();
        if (!portTaken || attempt >= attempts) throw error;
      }
    }
  }

  /** Resolves once the kernel answers kernel_info *and* our iopub subscription receives its status. */
  async waitReady(timeoutMs = 60_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error(`the kernel exited before it was ready (code ${this.exitCode}): ${this.stderrTail}`);
      const msg = this.message("kernel_info_request", {});
      const idle = this.idle(msg.header.msg_id);
      const reply = await Promise.race([this.send(this.shellOut, msg), sleep(1000).then(() => undefined)]);
      if (reply) {
        this.kernelInfoRepliedAt ??= performance.now();
        const seen = await Promise.race([idle.then(() => true), sleep(500).then(() => false)]);
        if (seen) return reply;
      }
      if (Date.now() > deadline) throw new Error(`the kernel did not answer kernel_info within ${timeoutMs} ms`);
    }
  }

  message(msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): Message {
    return { identities: [], header: newHeader(msgType, this.session, "runner"), parent_header: {}, metadata, content, buffers: [] };
  }

  private send(out: SendQueue, msg: Message): Promise<Message> {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`the kernel has exited (code ${this.exitCode})`));
      this.waiters.set(msg.header.msg_id, {
        resolve: (m) => ((m as unknown as { error?: Error }).error ? reject((m as unknown as { error: Error }).error) : resolve(m)),
      });
      out.send(encode(this.info.key, msg)).catch(reject);
    });
  }

  private idle(msgId: string): Promise<void> {
    return new Promise((resolve) => this.idleWaiters.set(msgId, resolve));
  }

  /** Sends a shell request and resolves with its reply and all its iopub output. */
  async request(msgType: string, content: Record<string, unknown>, channel: "shell" | "control" = "shell", metadata: Record<string, unknown> = {}): Promise<Exchange> {
    const msg = this.message(msgType, content, metadata);
    const id = msg.header.msg_id;
    this.iopubByParent.set(id, []);
    const idle = this.idle(id);
    const reply = await this.send(channel === "shell" ? this.shellOut : this.controlOut, msg);
    if (channel === "shell") await Promise.race([idle, this.exitPromise()]);
    const iopub = this.iopubByParent.get(id) ?? [];
    this.iopubByParent.delete(id);
    return { reply, iopub };
  }

  /** Sends without waiting (e.g. to queue several executes); resolves with the msg id and a reply promise. */
  submit(msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): { id: string; exchange: Promise<Exchange> } {
    const msg = this.message(msgType, content, metadata);
    const id = msg.header.msg_id;
    this.iopubByParent.set(id, []);
    const idle = this.idle(id);
    const exchange = this.send(this.shellOut, msg).then(async (reply) => {
      await Promise.race([idle, this.exitPromise()]);
      const iopub = this.iopubByParent.get(id) ?? [];
      this.iopubByParent.delete(id);
      return { reply, iopub };
    });
    // Callers may stop waiting (a race with a timeout); a late rejection is then nobody's error.
    exchange.catch(() => undefined);
    return { id, exchange };
  }

  /** `metadata.cellId` names the notebook cell, as JupyterLab sends it. */
  execute(code: string, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Promise<Exchange> {
    return this.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra }, "shell", metadata);
  }

  interruptBySignal(): void {
    this.child.kill("SIGINT");
  }

  private exitedPromise?: Promise<void>;
  private exitPromise(): Promise<void> {
    return (this.exitedPromise ??= new Promise((resolve) => {
      if (this.exited) return resolve();
      this.child.once("exit", () => resolve());
    }));
  }

  private async listen(sock: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of sock) {
        const msg = decode(this.info.key, frames as Buffer[]);
        const parent = (msg.parent_header as { msg_id?: string }).msg_id;
        const w = parent ? this.waiters.get(parent) : undefined;
        if (w && parent) {
          this.waiters.delete(parent);
          w.resolve(msg);
        }
      }
    } catch {
      // socket closed
    }
  }

  private async listenIopub(): Promise<void> {
    try {
      for await (const frames of this.iopub) {
        const msg = decode(this.info.key, frames as Buffer[]);
        const parent = (msg.parent_header as { msg_id?: string }).msg_id;
        if (parent) this.iopubByParent.get(parent)?.push(msg);
        this.onIopub?.(msg);
        if (parent && msg.header.msg_type === "status" && msg.content.execution_state === "idle") {
          const w = this.idleWaiters.get(parent);
          if (w) {
            this.idleWaiters.delete(parent);
            w();
          }
        }
      }
    } catch {
      // socket closed
    }
  }

  /** Asks the kernel to shut down, then makes sure the process is gone. */
  async shutdown(timeoutMs = 5000): Promise<void> {
    if (!this.exited) {
      await Promise.race([this.send(this.controlOut, this.message("shutdown_request", { restart: false })).catch(() => undefined), sleep(timeoutMs)]);
      await Promise.race([this.exitPromise(), sleep(timeoutMs)]);
      if (!this.exited) {
        this.child.kill("SIGKILL");
        await this.exitPromise();
      }
    }
    this.close();
  }

  close(): void {
    // Drop what is still queued for a kernel that is gone; with zeromq's default linger the
    // process would wait for it forever at exit.
    for (const s of [this.shell, this.control, this.iopub]) {
      s.linger = 0;
      s.close();
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
