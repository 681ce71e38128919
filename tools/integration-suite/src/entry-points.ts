import type { ComposeStack } from "@switchyard/deploy-compose";
import type { ServiceLogLine } from "@switchyard/launcher";
import type { TestTopology } from "./test-topology.js";

/** Kinds of entry point the suite knows. */
export type EntryPointKind = "direct" | "envoy-h2c" | "envoy-tls" | "compose" | "alb";

/** Where the suite's clients connect, and what is observable behind it. */
export interface EntryPoint {
  readonly kind: EntryPointKind;
  /** For test names, e.g. "Envoy over TLS". */
  readonly name: string;
  /** Set when the entry point is not configured: every case skips with this reason. */
  readonly skipReason?: string;
  /** `host:port` to dial for `service` (grpc-js, grpcurl, grpcio). */
  readonly address: (service: string) => string;
  /** `http(s)://host:port` for connect transports. */
  readonly baseUrl: (service: string) => string;
  /** TLS settings when the entry point is TLS. */
  readonly tls?: {
    /** PEM of a CA to trust; none means the system's trust store (a real ALB certificate). */
    readonly caPem?: string;
    readonly caPath?: string;
    /** Name the certificate is checked against, when dialing an IP. */
    readonly serverName?: string;
  };
  /** How many distinct `x-served-by` values a few calls to `service` must show; undefined: unknown (e.g. a deployed ALB). */
  readonly expectedReplicas: (service: string) => number | undefined;
  /** Whether gRPC-Web and Connect over HTTP/1.1 reach the services (Envoy does; an ALB gRPC target group does not). */
  readonly browserProtocols: boolean;
  /** Reads Envoy's admin interface (e.g. `/stats?filter=...`), when the suite started that Envoy. */
  readonly envoyAdmin?: (path: string) => Promise<string>;
  /** The structured log lines of every replica of `service` behind the entry point, when the suite started them. */
  readonly replicaLogs?: (service: string) => Promise<readonly ServiceLogLine[]>;
}

/** The local entry points over one {@link TestTopology}: each service directly, Envoy over h2c and over TLS. */
export function localEntryPoints(topology: () => TestTopology): EntryPoint[] {
  const first = (service: string) => {
    const replica = topology().replicasOf(service)[0];
    if (replica === undefined) throw new Error(`no replica of ${service}`);
    return replica;
  };
  const allLogs = (service: string) =>
    Promise.resolve(
      topology()
        .replicasOf(service)
        .flatMap((replica) => replica.logLines),
    );
  const envoyAdmin = (path: string) => topology().envoy.admin(path);
  return [
    {
      kind: "direct",
      name: "each service directly (first replica)",
      address: (service) => `127.0.0.1:${first(service).port}`,
      baseUrl: (service) => `http://127.0.0.1:${first(service).port}`,
      expectedReplicas: () => 1,
      // Replicas serve HTTP/2 only; browsers and HTTP/1.1 clients reach them through Envoy.
      browserProtocols: false,
      replicaLogs: allLogs,
    },
    {
      kind: "envoy-h2c",
      name: "Envoy over h2c",
      address: () => `127.0.0.1:${topology().plaintextPort}`,
      baseUrl: () => `http://127.0.0.1:${topology().plaintextPort}`,
      expectedReplicas: (service) => topology().replicasOf(service).length,
      browserProtocols: true,
      envoyAdmin,
      replicaLogs: allLogs,
    },
    {
      kind: "envoy-tls",
      name: "Envoy over TLS",
      address: () => `localhost:${topology().tlsPort}`,
      baseUrl: () => `https://localhost:${topology().tlsPort}`,
      get tls() {
        return { caPem: topology().caPem, caPath: topology().caPath };
      },
      expectedReplicas: (service) => topology().replicasOf(service).length,
      browserProtocols: true,
      envoyAdmin,
      replicaLogs: allLogs,
    },
  ];
}

/**
 * The compose entry point over a stack the suite started (`startComposeStack`): its Envoy on a
 * loopback port, two replicas of each service behind it, Envoy's admin and the replicas' logs
 * (`docker logs`) readable, so every case of the local Envoy entry point runs here too.
 */
export function composeEntryPoint(stack: () => ComposeStack): EntryPoint {
  return {
    kind: "compose",
    name: "docker compose (images built by Nx, Envoy in a container)",
    address: () => stack().envoyAddress,
    baseUrl: () => `http://${stack().envoyAddress}`,
    expectedReplicas: (service) =>
      stack().replicas.filter((replica) => replica.service.name === service).length,
    browserProtocols: true,
    envoyAdmin: (path) => stack().envoyAdmin(path),
    replicaLogs: async (service) => {
      const replicas = stack().replicas.filter((replica) => replica.service.name === service);
      const lines = (await Promise.all(replicas.map((replica) => stack().logsOf(replica.name)))).flat();
      return lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as ServiceLogLine];
        } catch {
          return [];
        }
      });
    },
  };
}

/** Environment variable naming the plaintext Envoy of a running `deploy/compose` stack. */
export const composeEndpointVariable = "SWITCHYARD_COMPOSE_ENDPOINT";

/** Environment variable naming a deployed ALB's HTTPS listener. */
export const albEndpointVariable = "SWITCHYARD_ALB_ENDPOINT";

/** Environment variable with a PEM CA file for the ALB (default: the system trust store). */
export const albCaVariable = "SWITCHYARD_ALB_CA_FILE";

/**
 * The remote entry points, configured by environment variables: (d) a compose stack's
 * Envoy (`SWITCHYARD_COMPOSE_ENDPOINT=127.0.0.1:8080`, plaintext) and (e) a deployed ALB
 * (`SWITCHYARD_ALB_ENDPOINT=grpc.example.com:443`, TLS; optionally
 * `SWITCHYARD_ALB_CA_FILE`). Unset, each carries a `skipReason` saying how to enable it.
 */
export function remoteEntryPoints(
  env: Readonly<Record<string, string | undefined>>,
  readCa: (path: string) => string,
): EntryPoint[] {
  const compose = env[composeEndpointVariable] ?? "";
  const alb = env[albEndpointVariable] ?? "";
  const albCaPath = env[albCaVariable];
  const albTls =
    albCaPath === undefined || albCaPath === "" ? {} : { caPath: albCaPath, caPem: readCa(albCaPath) };
  return [
    {
      kind: "compose",
      name: `compose (${compose === "" ? "not configured" : compose})`,
      ...(compose === ""
        ? {
            skipReason:
              `${composeEndpointVariable} is not set: this entry point is for a stack you started ` +
              `(\`docker compose -f deploy/compose/compose.yaml up\`, then ` +
              `${composeEndpointVariable}=127.0.0.1:8080); compose.test.ts starts its own where a Docker engine answers`,
          }
        : {}),
      address: () => compose,
      baseUrl: () => `http://${compose}`,
      // A stack started elsewhere: how many replicas it runs is not known here.
      expectedReplicas: () => undefined,
      browserProtocols: true,
    },
    {
      kind: "alb",
      name: `deployed ALB (${alb === "" ? "not configured" : alb})`,
      ...(alb === ""
        ? {
            skipReason:
              `${albEndpointVariable} is not set: deploy with deploy/ecs or deploy/eks, then set ` +
              `${albEndpointVariable}=<alb host>:443 (and ${albCaVariable} for a private CA)`,
          }
        : {}),
      address: () => alb,
      baseUrl: () => `https://${alb}`,
      tls: albTls,
      expectedReplicas: () => undefined,
      // An ALB gRPC target group speaks gRPC over HTTP/2 only.
      browserProtocols: false,
    },
  ];
}
