import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { awaitRequestStart } from "./bounded-request-body.js";

const frame = (payload: number[], declared = payload.length): Uint8Array =>
  Uint8Array.from([0, 0, 0, 0, declared, ...payload]);

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield await Promise.resolve(part);
}

/** A body that never sends a byte and never ends, as a stalled client's. */
const silent: AsyncIterable<Uint8Array> = {
  [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => undefined) }),
};

async function readAll(body: AsyncIterable<Uint8Array>): Promise<number[]> {
  const bytes: number[] = [];
  for await (const chunk of body) bytes.push(...chunk);
  return bytes;
}

const options = { waitMs: 100, firstMessageOnly: false, framed: true, readMaxBytes: 1024 };

describe("awaitRequestStart", () => {
  it("when a framed message arrives in pieces, then the request has arrived and the body replays every byte", async () => {
    const whole = frame([1, 2, 3]);
    const start = await awaitRequestStart(chunks(whole.subarray(0, 2), whole.subarray(2)), options);
    assert.equal(start.arrived, true);
    assert.deepEqual(await readAll(start.body), [...whole]);
  });

  it("when nothing arrives, then after the wait the call has no request and its body fails DEADLINE_EXCEEDED", async () => {
    const started = performance.now();
    const start = await awaitRequestStart(silent, options);
    assert.ok(performance.now() - started >= 90);
    assert.equal(start.arrived, false);
    await assert.rejects(readAll(start.body), (error: unknown) => {
      assert.equal(ConnectError.from(error).code, Code.DeadlineExceeded);
      return true;
    });
  });

  it("when the body ends inside a message, then it fails INTERNAL", async () => {
    const start = await awaitRequestStart(chunks(frame([1, 2], 10)), options);
    assert.equal(start.arrived, false);
    await assert.rejects(readAll(start.body), (error: unknown) => {
      assert.equal(ConnectError.from(error).code, Code.Internal);
      return true;
    });
  });

  it("when a prefix declares more than readMaxBytes, then the request counts as arrived for the protocol to reject", async () => {
    const start = await awaitRequestStart(chunks(Uint8Array.from([0, 0, 0, 8, 0, 1])), options);
    assert.equal(start.arrived, true);
  });
});
