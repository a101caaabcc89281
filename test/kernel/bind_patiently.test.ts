import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as net from "node:net";
import * as zmq from "zeromq";
import { bindPatiently } from "../../kernel/server.js";

/** Holds a TCP port on 127.0.0.1 (as another client choosing ports does for an instant). */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("a port taken for an instant is bound once it is free; one that stays taken fails after 3 s", async () => {
  const brief = await holdPort();
  const socket = new zmq.Router();
  setTimeout(() => void brief.release(), 400);
  const t0 = Date.now();
  await bindPatiently(socket, `tcp://127.0.0.1:${brief.port}`);
  assert.ok(Date.now() - t0 >= 300, "it waited for the port");
  socket.linger = 0;
  socket.close();

  const held = await holdPort();
  const other = new zmq.Router();
  try {
    await assert.rejects(bindPatiently(other, `tcp://127.0.0.1:${held.port}`), /Address already in use/);
  } finally {
    other.linger = 0;
    other.close();
    await held.release();
  }
});
