import { stackHookTimeoutMs } from "@switchyard/testing";
import { after, before } from "node:test";
import { generatePythonStubs, type PythonStubs } from "./python-client.js";

/** What {@link useSuiteFixture} gives the suite's cases, valid once its `before()` ran. */
export interface SuiteFixture<T> {
  /** The started stack; throws when `before()` did not start it. */
  readonly running: () => T;
  /** The generated Python stubs; throws when `before()` did not generate them. */
  readonly pythonStubs: () => PythonStubs;
}

/**
 * Registers, in the enclosing `describe`, a `before()` that starts a stack (a topology of
 * processes, a compose project) and generates the Python stubs side by side, and an
 * `after()` that stops whatever of the two did start, also when the other part failed.
 */
export function useSuiteFixture<T>(
  start: () => Promise<T>,
  stop: (stack: T) => Promise<void>,
): SuiteFixture<T> {
  let stack: T | undefined;
  let stubs: PythonStubs | undefined;
  before(
    async () => {
      const [started, generated] = await Promise.allSettled([start(), generatePythonStubs()]);
      if (started.status === "fulfilled") stack = started.value;
      if (generated.status === "fulfilled") stubs = generated.value;
      if (started.status === "rejected") throw started.reason;
      if (generated.status === "rejected") throw generated.reason;
    },
    { timeout: stackHookTimeoutMs },
  );
  after(
    async () => {
      await Promise.all([stack === undefined ? undefined : stop(stack), stubs?.remove()]);
    },
    { timeout: stackHookTimeoutMs },
  );
  return {
    running: () => {
      if (stack === undefined) throw new Error("before() did not start the stack");
      return stack;
    },
    pythonStubs: () => {
      if (stubs === undefined) throw new Error("before() did not generate the Python stubs");
      return stubs;
    },
  };
}
