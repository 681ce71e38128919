import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHealthService, ServingStatus } from "./health-service.js";

describe("health service core", () => {
  it("when created without options, then only the whole server is known, NOT_SERVING", () => {
    const health = createHealthService();
    assert.deepEqual([...health.list()], [["", ServingStatus.NOT_SERVING]]);
    assert.equal(health.getStatus("some.Service"), undefined);
  });

  it("when created with statuses, then they are reported and the whole server stays known", () => {
    const health = createHealthService({ statuses: { "a.A": ServingStatus.SERVING } });
    assert.equal(health.getStatus("a.A"), ServingStatus.SERVING);
    assert.equal(health.getStatus(""), ServingStatus.NOT_SERVING);
  });

  it("when a status is set, then it is reported and listed", () => {
    const health = createHealthService();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus("a.A", ServingStatus.NOT_SERVING);
    assert.deepEqual(
      [...health.list()],
      [
        ["", ServingStatus.SERVING],
        ["a.A", ServingStatus.NOT_SERVING],
      ],
    );
  });

  it("when draining, then every service reports NOT_SERVING, also after setStatus(SERVING), until resume", () => {
    const health = createHealthService({
      statuses: { "": ServingStatus.SERVING, "a.A": ServingStatus.SERVING },
    });
    health.setAllNotServing();
    assert.equal(health.draining, true);
    assert.equal(health.getStatus(""), ServingStatus.NOT_SERVING);
    assert.equal(health.getStatus("a.A"), ServingStatus.NOT_SERVING);
    health.setStatus("a.A", ServingStatus.SERVING);
    health.setStatus("b.B", ServingStatus.SERVING);
    assert.deepEqual(
      [...health.list().values()],
      [ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING],
    );
    health.resume();
    assert.equal(health.draining, false);
    assert.deepEqual(
      [...health.list().values()],
      [ServingStatus.SERVING, ServingStatus.SERVING, ServingStatus.SERVING],
    );
  });

  it("when a service is watched, then the listener gets the current status and each change once", () => {
    const health = createHealthService({ statuses: { "a.A": ServingStatus.SERVING } });
    const seen: ServingStatus[] = [];
    const unsubscribe = health.watch("a.A", (status) => seen.push(status));
    health.setStatus("a.A", ServingStatus.SERVING); // no change: no message
    health.setStatus("a.A", ServingStatus.NOT_SERVING);
    health.setStatus("a.A", ServingStatus.SERVING);
    health.setAllNotServing();
    health.setStatus("a.A", ServingStatus.SERVING); // still draining: no change
    unsubscribe();
    health.resume();
    assert.deepEqual(seen, [
      ServingStatus.SERVING,
      ServingStatus.NOT_SERVING,
      ServingStatus.SERVING,
      ServingStatus.NOT_SERVING,
    ]);
  });

  it("when an unknown service is watched, then SERVICE_UNKNOWN comes first and its status once it appears", () => {
    const health = createHealthService();
    const seen: ServingStatus[] = [];
    health.watch("later.Service", (status) => seen.push(status));
    health.setStatus("other.Service", ServingStatus.SERVING);
    health.setStatus("later.Service", ServingStatus.SERVING);
    assert.deepEqual(seen, [ServingStatus.SERVICE_UNKNOWN, ServingStatus.SERVING]);
  });

  it("when one of two watchers unsubscribes, then the other keeps getting changes", () => {
    const health = createHealthService();
    const first: ServingStatus[] = [];
    const second: ServingStatus[] = [];
    const unsubscribeFirst = health.watch("", (status) => first.push(status));
    health.watch("", (status) => second.push(status));
    unsubscribeFirst();
    unsubscribeFirst();
    health.setStatus("", ServingStatus.SERVING);
    assert.deepEqual(first, [ServingStatus.NOT_SERVING]);
    assert.deepEqual(second, [ServingStatus.NOT_SERVING, ServingStatus.SERVING]);
  });
});
