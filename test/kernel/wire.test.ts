import assert from "node:assert/strict";
import { test } from "node:test";
import { decode, encode, newHeader, WireError } from "../../kernel/wire.js";

test("a signed message round-trips with its identities and buffers", () => {
  const msg = { identities: [Buffer.from("client-1")], header: newHeader("execute_request", "s1"), parent_header: {}, metadata: { a: 1 }, content: { code: "1+1" }, buffers: [Buffer.from([1, 2, 3])] };
  const back = decode("secret", encode("secret", msg));
  assert.deepEqual(back.identities, msg.identities);
  assert.deepEqual(back.header, msg.header);
  assert.deepEqual(back.content, msg.content);
  assert.deepEqual(back.buffers, msg.buffers);
});

test("a message signed with another key, or altered, is rejected", () => {
  const msg = { identities: [], header: newHeader("kernel_info_request", "s"), parent_header: {}, metadata: {}, content: {} };
  assert.throws(() => decode("right", encode("wrong", msg)), WireError);
  const frames = encode("k", msg);
  frames[frames.length - 1] = Buffer.from('{"code":"evil"}');
  assert.throws(() => decode("k", frames), /invalid HMAC/);
  assert.throws(() => decode("k", [Buffer.from("no delimiter")]), /delimiter/);
});
