import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { workspaceRoot } from "@switchyard/launcher";
import { toolchainPython } from "@switchyard/testing";

const execFileAsync = promisify(execFile);

/** The committed Python grpcio client the suite runs. */
export const pythonClientScript: string = join(
  workspaceRoot,
  "tools",
  "integration-suite",
  "python",
  "switchyard_client.py",
);

/** The .proto files (relative to `proto/`) the Python client needs, with their imports. */
const protoFiles = [
  "switchyard/catalog/v1/catalog_service.proto",
  "switchyard/pricing/v1/pricing_service.proto",
  "switchyard/checkout/v1/checkout_service.proto",
  "switchyard/type/v1/money.proto",
  "switchyard/auth/v1/policy.proto",
  "buf/validate/validate.proto",
  "google/rpc/status.proto",
  "google/rpc/error_details.proto",
];

/** Python stubs generated into a temporary directory; {@link PythonStubs.remove} deletes them. */
export interface PythonStubs {
  readonly dir: string;
  remove(): Promise<void>;
}

/**
 * Generates Python messages and grpcio stubs from the repository's `proto/` with
 * `python -m grpc_tools.protoc` (which adds its bundled well-known types to the include
 * path) into a new temporary directory. The stubs are never committed: they are made
 * from the same .proto files as the TypeScript code on every run.
 */
export async function generatePythonStubs(): Promise<PythonStubs> {
  const dir = await mkdtemp(join(tmpdir(), "switchyard-python-stubs-"));
  try {
    await execFileAsync(
      toolchainPython,
      [
        "-m",
        "grpc_tools.protoc",
        `--proto_path=${join(workspaceRoot, "proto")}`,
        `--python_out=${dir}`,
        `--grpc_python_out=${dir}`,
        ...protoFiles,
      ],
      { timeout: 30_000 },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Where the Python client connects, per service, and how. */
export interface PythonClientTargets {
  readonly catalog: string;
  readonly pricing: string;
  readonly checkout: string;
  /** Use TLS; with no {@link ca}, the system's trust store. Default false (h2c). */
  readonly tls?: boolean;
  /** PEM file of the CA to trust; implies TLS. */
  readonly ca?: string;
  /** TLS server name to check (e.g. "localhost" when dialing an IP). */
  readonly serverName?: string;
}

/** What the Python client printed (see python/switchyard_client.py). */
export interface PythonClientResult {
  readonly getProduct: { id: string; currencyCode: string; minorUnits: string; servedBy: string };
  readonly invalidArgument: { code: string; fieldViolations?: string[] };
  readonly quote: { totalMinorUnits: string; servedBy: string };
  readonly placeOrder: { orderId: string; totalMinorUnits: string; servedBy: string };
}

/** Runs the committed Python grpcio client against `targets` and parses its JSON output. */
export async function runPythonClient(
  stubs: PythonStubs,
  targets: PythonClientTargets,
): Promise<PythonClientResult> {
  const args = [
    pythonClientScript,
    "--stubs",
    stubs.dir,
    "--catalog",
    targets.catalog,
    "--pricing",
    targets.pricing,
    "--checkout",
    targets.checkout,
    ...(targets.tls === true ? ["--tls"] : []),
    ...(targets.ca === undefined ? [] : ["--ca", targets.ca]),
    ...(targets.serverName === undefined ? [] : ["--server-name", targets.serverName]),
  ];
  const { stdout } = await execFileAsync(toolchainPython, args, { timeout: 30_000 });
  return JSON.parse(stdout) as PythonClientResult;
}
