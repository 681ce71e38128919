// `npm start`: every service of the topology as local processes (REPLICAS each,
// default 2), Envoy in front on :8080, admin on 127.0.0.1:9901. Ctrl-C stops all.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { renderFrontProxyConfig, localPlatformUpstreams } from "@switchyard/envoy-config";
import { startEnvoy, workspaceRoot, type EnvoyProcess } from "@switchyard/testing";
import { platformServices } from "@switchyard/topology";

const replicasText = process.env["REPLICAS"] ?? "2";
const replicas = Number.parseInt(replicasText, 10);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 9) {
  throw new Error(`REPLICAS must be an integer from 1 to 9, got "${replicasText}"`);
}
const envoyPort = 8080;
const adminPort = 9901;
const upstreams = localPlatformUpstreams(platformServices, replicas);
const children: ChildProcess[] = [];
let envoy: EnvoyProcess | undefined;
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write("\nstopping…\n");
    await envoy?.stop();
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        await once(child, "exit");
      }),
    );
  }
  process.exit(exitCode);
}

/** Starts one replica and resolves when it logs that it is listening. */
async function startReplica(name: string, port: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", `apps/${name}/src/main.ts`], {
    cwd: workspaceRoot,
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  child.once("exit", (code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `${name} on :${port} exited (${signal ?? `code ${code}`}); stopping the platform\n`,
      );
      void stopAll(1);
    }
  });
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    if (line.includes("listening")) return;
  }
  throw new Error(`${name} on :${port} exited before listening`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll(0));

try {
  for (const upstream of upstreams) {
    await Promise.all(upstream.endpoints.map((endpoint) => startReplica(upstream.name, endpoint.port)));
  }
  envoy = await startEnvoy({
    configYaml: renderFrontProxyConfig({ services: upstreams, listenerPort: envoyPort, adminPort }),
  });
} catch (error) {
  process.stderr.write(`platform failed to start: ${String(error)}\n`);
  await stopAll(1);
}

const rows = [
  ["Envoy (h2c, HTTP/1.1)", `127.0.0.1:${envoyPort}`],
  ["Envoy admin", `http://127.0.0.1:${adminPort}`],
  ...upstreams.flatMap((upstream) =>
    upstream.endpoints.map((endpoint, index) => [
      `${upstream.name} #${index + 1}`,
      `127.0.0.1:${endpoint.port}`,
    ]),
  ),
];
const width = Math.max(...rows.map(([label]) => (label ?? "").length));
process.stdout.write(
  [
    "Switchyard is up:",
    ...rows.map(([label, address]) => `  ${(label ?? "").padEnd(width)}  ${address ?? ""}`),
    "",
    "Try:",
    `  grpcurl -plaintext -import-path proto -proto switchyard/catalog/v1/catalog_service.proto -d '{"id":"sku-espresso-250g"}' 127.0.0.1:${envoyPort} switchyard.catalog.v1.CatalogService/GetProduct`,
    "Ctrl-C stops everything.",
    "",
  ].join("\n"),
);
