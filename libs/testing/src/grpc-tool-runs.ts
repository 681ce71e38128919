import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { DescService } from "@bufbuild/protobuf";
import { runTool, type ToolResult } from "@switchyard/launcher";

/** One `grpcurl -plaintext -d '<json>' 127.0.0.1:<port> <service>/<Method>` line of a README. */
export interface GrpcurlExample {
  /** The request body as written, JSON (several objects for a request stream). */
  readonly json: string;
  /** The port the README names. */
  readonly port: number;
  /** `package.Service/Method`. */
  readonly method: string;
}

const examplePattern = /^grpcurl -plaintext -d '([^']*)' 127\.0\.0\.1:(\d+) ([\w.]+\/\w+)$/;

/**
 * Reads every grpcurl example of a README (lines of the form
 * `grpcurl -plaintext -d '<json>' 127.0.0.1:<port> <service>/<Method>`), so a
 * test can run exactly what the README tells people to run.
 */
export async function readGrpcurlExamples(readmePath: URL | string): Promise<GrpcurlExample[]> {
  const text = await readFile(readmePath, "utf8");
  return text.split("\n").flatMap((line) => {
    const match = examplePattern.exec(line.trim());
    if (match === null) return [];
    const [, json = "", port = "", method = ""] = match;
    return [{ json, port: Number(port), method }];
  });
}

/**
 * Runs the real `grpcurl` (a Go client, installed by the toolchain script): `grpcurl
 * -plaintext <flags> <address> <args>` (`-cacert <caPath>` for TLS), with server reflection
 * (no proto files). Bounded by
 * `timeoutMs` (default 15 s); a failed call resolves with grpcurl's exit code.
 */
export function runGrpcurl(
  address: string,
  args: readonly string[],
  options: {
    readonly flags?: readonly string[];
    readonly timeoutMs?: number;
    /** Call over TLS, trusting this PEM CA file, instead of `-plaintext`. */
    readonly caPath?: string;
  } = {},
): Promise<ToolResult> {
  const transport = options.caPath === undefined ? ["-plaintext"] : ["-cacert", options.caPath];
  return runTool("grpcurl", [...transport, ...(options.flags ?? []), address, ...args], {
    timeoutMs: options.timeoutMs ?? 15_000,
  });
}

/**
 * Runs one README example against `port` (instead of the README's), plus `extraFlags`
 * (e.g. `-max-time 2` for a stream that never ends by itself).
 */
export function runGrpcurlExample(
  example: GrpcurlExample,
  port: number,
  options: { readonly extraFlags?: readonly string[]; readonly timeoutMs?: number } = {},
): Promise<ToolResult> {
  return runGrpcurl(`127.0.0.1:${port}`, [example.method], {
    flags: [...(options.extraFlags ?? []), "-d", example.json],
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

/**
 * Runs the real `grpc-health-probe` against `address` and resolves with its exit code:
 * 0 SERVING, 2 connection failed, 3 RPC failed, 4 not SERVING.
 */
export async function runGrpcHealthProbe(address: string, service = ""): Promise<number> {
  const result = await runTool(
    "grpc-health-probe",
    [`-addr=${address}`, `-service=${service}`, "-connect-timeout=2s", "-rpc-timeout=2s"],
    { timeoutMs: 10_000 },
  );
  return result.exitCode;
}

/** Options for {@link runReadmeExamples}. */
export interface RunReadmeExamplesOptions {
  /** The service's README (`new URL("../README.md", import.meta.url)`). */
  readonly readme: URL;
  /** The service every example calls; the README must show one example per method. */
  readonly service: DescService;
  /** The port the README names, the service's port in the topology. */
  readonly documentedPort: number;
  /** Where the service under test listens. */
  readonly port: number;
  /** Extra grpcurl flags for one example (e.g. `-max-time 1` for a stream that never ends). */
  readonly flagsFor?: (example: GrpcurlExample) => readonly string[];
}

/**
 * Runs every grpcurl example of a service README against a running server, in order (a
 * later example may read what an earlier one wrote), after checking the README shows one
 * example per method at the topology's port. Resolves with each method's result by method
 * name; asserting on them (exit codes, answers) is the caller's.
 */
export async function runReadmeExamples(options: RunReadmeExamplesOptions): Promise<Map<string, ToolResult>> {
  const examples = await readGrpcurlExamples(options.readme);
  const typeName = options.service.typeName;
  assert.deepEqual(
    examples.map((example) => example.method).sort(),
    options.service.methods.map((method) => `${typeName}/${method.name}`).sort(),
    "one example per method",
  );
  const results = new Map<string, ToolResult>();
  for (const example of examples) {
    assert.equal(example.port, options.documentedPort, `${example.method}: the topology's port`);
    const extraFlags = options.flagsFor?.(example) ?? [];
    results.set(
      example.method.slice(typeName.length + 1),
      await runGrpcurlExample(example, options.port, { extraFlags }),
    );
  }
  return results;
}
