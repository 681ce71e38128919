import { readFileSync } from "node:fs";
import { after, before, describe } from "node:test";
import { describeEntryPoint } from "./describe-entry-point.js";
import { localEntryPoints, remoteEntryPoints } from "./entry-points.js";
import { generatePythonStubs, type PythonStubs } from "./python-client.js";
import { startTestTopology, type TestTopology } from "./test-topology.js";

let topology: TestTopology | undefined;
let stubs: PythonStubs | undefined;
const running = (): TestTopology => {
  if (topology === undefined) throw new Error("before() did not start the topology");
  return topology;
};
const pythonStubs = (): PythonStubs => {
  if (stubs === undefined) throw new Error("before() did not generate the Python stubs");
  return stubs;
};

const remote = remoteEntryPoints(process.env, (path) => readFileSync(path, "utf8"));

describe("one integration suite, many entry points", () => {
  // One topology (2 catalog, 2 pricing, 1 checkout, Envoy) serves the three local entry points.
  before(async () => {
    const [started, generated] = await Promise.allSettled([startTestTopology(), generatePythonStubs()]);
    // Keep whatever did start, so after() stops it even when the other part failed.
    if (started.status === "fulfilled") topology = started.value;
    if (generated.status === "fulfilled") stubs = generated.value;
    if (started.status === "rejected") throw started.reason;
    if (generated.status === "rejected") throw generated.reason;
  });
  after(async () => {
    await Promise.all([topology?.stop(), stubs?.remove()]);
    stubs = undefined;
  });
  for (const entry of localEntryPoints(running)) describeEntryPoint(entry, pythonStubs);
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
