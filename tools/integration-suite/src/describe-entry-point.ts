import { describe, it } from "node:test";
import type { EntryPoint } from "./entry-points.js";
import type { PythonStubs } from "./python-client.js";
import { suiteCases } from "./suite-cases.js";

/**
 * Declares the suite's cases as `node:test` tests through `entry`: each case runs,
 * or is skipped with the entry point's or the case's reason. `pythonStubs` is read
 * when a case runs, after the caller's `before()` generated them.
 */
export function describeEntryPoint(entry: EntryPoint, pythonStubs: () => PythonStubs): void {
  describe(`integration suite through ${entry.name}`, () => {
    for (const suiteCase of suiteCases) {
      const reason = entry.skipReason ?? suiteCase.skip?.(entry);
      if (reason !== undefined) {
        it(suiteCase.name, { skip: reason }, () => undefined);
        continue;
      }
      it(suiteCase.name, async () => {
        await suiteCase.run({ entry, pythonStubs });
      });
    }
  });
}
