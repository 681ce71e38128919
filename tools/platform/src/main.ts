// `npm start`: PostgreSQL (unless DATABASE_URL is set), then every service of the topology as
// local processes (REPLICAS each, default 2), each waited for until it reports SERVING, then
// Envoy in front (plaintext :8080, TLS :8443, admin 127.0.0.1:9901). Ctrl-C stops Envoy, drains
// the replicas, then stops PostgreSQL. Settings: platform-config.ts.
import { relative } from "node:path";
import { workspaceRoot } from "@switchyard/launcher";
import { platformServices } from "@switchyard/topology";
import { startLocalPlatform, type RunningPlatform } from "./local-platform.js";
import { loadPlatformConfig } from "./platform-config.js";

const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** `url` with its password masked, so the endpoint table never prints a secret. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

let platform: RunningPlatform | undefined;
let stopping = false;

async function shutdown(exitCode: number, reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  write(`\n${reason}: stopping Envoy, draining the replicas, then PostgreSQL…`);
  try {
    await platform?.stop();
    write("stopped.");
    process.exit(exitCode);
  } catch (error) {
    const failures = error instanceof AggregateError ? error.errors : [error];
    for (const failure of failures) {
      process.stderr.write(
        `stopping failed: ${failure instanceof Error ? failure.message : String(failure)}\n`,
      );
    }
    process.exit(1);
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void shutdown(0, signal));
}

try {
  const config = loadPlatformConfig();
  platform = await startLocalPlatform({
    config,
    services: platformServices,
    progress: write,
    onReplicaExit: (label, how) => {
      write(
        `${label} ${how}; Envoy routes around it (health checks, outlier detection). Restart to bring it back.`,
      );
    },
  });
} catch (error) {
  process.stderr.write(
    `platform failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}

const { envoy, replicas, logDir } = platform;
const rows: [string, string][] = [
  ["storefront (gRPC-Web via Envoy)", `http://127.0.0.1:${envoy.plaintextPort}/`],
  ["Envoy, h2c and HTTP/1.1", `127.0.0.1:${envoy.plaintextPort}`],
  ["Envoy, TLS (dev certificate)", `127.0.0.1:${envoy.tlsPort}`],
  ["Envoy admin", envoy.adminUrl],
  ["edge (health, reflection)", `127.0.0.1:${platform.edgePort}`],
  ...(platform.auth === undefined
    ? []
    : [["dev issuer (npm run token)", platform.auth.issuer] as [string, string]]),
  ["PostgreSQL (DATABASE_URL)", withoutPassword(platform.database.url)],
  ...(platform.mtlsCaCertificatePath === undefined
    ? []
    : [
        ["replicas: mutual TLS, dev CA", relative(workspaceRoot, platform.mtlsCaCertificatePath)] as [
          string,
          string,
        ],
      ]),
  ...replicas.map((replica): [string, string] => [replica.instanceId, `127.0.0.1:${replica.port}`]),
];
const width = Math.max(...rows.map(([label]) => label.length));
write("");
write("Switchyard is up:");
for (const [label, address] of rows) write(`  ${label.padEnd(width)}  ${address}`);
write("");
write("Try:");
write(`  grpcurl -plaintext 127.0.0.1:${envoy.plaintextPort} list`);
write(
  `  grpcurl -plaintext -d '{"id":"sku-espresso-250g"}' 127.0.0.1:${envoy.plaintextPort} switchyard.catalog.v1.CatalogService/GetProduct`,
);
if (platform.auth !== undefined) {
  write("Orders need a token (catalog reads are public); get one from the dev issuer:");
  write(
    `  grpcurl -plaintext -H "authorization: Bearer $(npm run -s token -- --scopes orders.read)" -d '{"customer_id":"cust-1"}' 127.0.0.1:${envoy.plaintextPort} switchyard.checkout.v1.CheckoutService/ListOrders`,
  );
}
write(`  grpcurl -cacert .toolchain/dev-tls/localhost.crt localhost:${envoy.tlsPort} list`);
write(`Logs (one file per process, Envoy's JSON access log included): ${relative(workspaceRoot, logDir)}/`);
write("Ctrl-C stops everything.");

void platform.crashed.then((message) => shutdown(1, message));
