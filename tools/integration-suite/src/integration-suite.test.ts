import { readFileSync } from "node:fs";
import { after, before, describe } from "node:test";
import { describeEntryPoint } from "./describe-entry-point.js";
import { localEntryPoints, remoteEntryPoints } from "./entry-points.js";
import { generatePythonStubs, type PythonStubs } from "./python-client.js";
import { useSuiteFixture } from "./suite-fixture.js";
import { startTestTopology, type TestTopology } from "./test-topology.js";

let stubs: PythonStubs | undefined;
const pythonStubs = (): PythonStubs => {
  if (stubs === undefined) throw new Error("before() did not generate the Python stubs");
  return stubs;
};

const remote = remoteEntryPoints(process.env, (path) => readFileSync(path, "utf8"));

describe("one integration suite, many entry points", () => {
  // One topology (2 catalog, 2 pricing, 1 checkout, Envoy) serves the three local entry points.
  const fixture = useSuiteFixture(
    () => startTestTopology(),
    (topology: TestTopology) => topology.stop(),
  );
  for (const entry of localEntryPoints(fixture.running)) describeEntryPoint(entry, fixture.pythonStubs);
});

describe("remote entry points", () => {
  const configured = remote.some((entry) => entry.skipReason === undefined);
  before(async () => {
    if (configured) stubs ??= await generatePythonStubs();
  });
  after(async () => {
    await stubs?.remove();
    stubs = undefined;
  });
  for (const entry of remote) {
    if (entry.skipReason !== undefined) console.log(`# skipping ${entry.name}: ${entry.skipReason}`);
    describeEntryPoint(entry, pythonStubs);
  }
});
