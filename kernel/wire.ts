import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * The Jupyter wire protocol (messaging spec 5.3): framing, HMAC signing and headers. Shared by
 * the kernel (kernel/server.ts) and our own client (kernel/client.ts), so both ends agree by
 * construction and the client can test the server without Python.
 */
export const PROTOCOL_VERSION = "5.3";
const DELIMITER = Buffer.from("<IDS|MSG>");

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface Message<C = Record<string, unknown>> {
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

export class WireError extends Error {
  override name = "WireError";
}

export function newHeader(msgType: string, session: string, username = "tslab-keras"): Header {
  return { msg_id: randomUUID(), session, username, date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION };
}

function sign(key: string, parts: Buffer[]): string {
  if (key === "") return "";
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

export function encode(key: string, msg: Omit<Message<unknown>, "buffers"> & { buffers?: Buffer[] }): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => Buffer.from(JSON.stringify(p)));
  return [...msg.identities, DELIMITER, Buffer.from(sign(key, parts)), ...parts, ...(msg.buffers ?? [])];
}

export function decode(key: string, frames: Buffer[]): Message {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) throw new WireError("message without the <IDS|MSG> delimiter");
  if (frames.length < at + 6) throw new WireError(`message has ${frames.length - at - 1} frames after the delimiter; 5 needed`);
  const signature = frames[at + 1];
  const parts = frames.slice(at + 2, at + 6);
  if (key !== "") {
    const want = Buffer.from(sign(key, parts));
    if (signature.length !== want.length || !timingSafeEqual(signature, want)) throw new WireError("invalid HMAC signature");
  }
  let json: unknown[];
  try {
    json = parts.map((p) => JSON.parse(p.toString("utf8")));
  } catch (e) {
    throw new WireError(`message part is not JSON: ${(e as Error).message}`);
  }
  return {
    identities: frames.slice(0, at),
    header: json[0] as Header,
    parent_header: json[1] as Header,
    metadata: (json[2] ?? {}) as Record<string, unknown>,
    content: (json[3] ?? {}) as Record<string, unknown>,
    buffers: frames.slice(at + 6),
  };
}

/** Connection file written by Jupyter (or by our runner) for one kernel. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

export function endpoint(info: ConnectionInfo, port: number): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}

export function checkConnectionInfo(info: ConnectionInfo, file: string): void {
  for (const k of ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const) {
    if (!Number.isInteger(info[k])) throw new Error(`connection file ${file}: \`${k}\` must be an integer port, got ${JSON.stringify(info[k])}`);
  }
  if (info.signature_scheme && info.signature_scheme !== "hmac-sha256") {
    throw new Error(`connection file ${file}: signature_scheme ${info.signature_scheme} is not supported (only hmac-sha256)`);
  }
}

/**
 * zeromq.js sockets reject a send while another is in flight ("Socket is busy writing");
 * every socket we send on goes through one of these so concurrent senders queue instead.
 */
export class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly socket: { send(frames: Buffer[]): Promise<void> }) {}
  send(frames: Buffer[]): Promise<void> {
    const next = this.tail.then(() => this.socket.send(frames));
    this.tail = next.catch(() => undefined);
    return next;
  }
  /** Resolves when everything queued so far has been handed to ZeroMQ. */
  drain(): Promise<void> {
    return this.tail;
  }
}
