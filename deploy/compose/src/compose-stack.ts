import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from "testcontainers";
import {
  buildAppImages,
  dockerSucceeds,
  haveImage,
  pinnedImages,
  resolveBaseImage,
  runDocker,
} from "@switchyard/deploy-image";
import { deployedServices } from "@switchyard/deploy-settings";
import { findFreeLoopbackPort, workspaceRoot } from "@switchyard/launcher";
import { composeDirectory } from "./checked-in-compose.js";
import {
  composeEnvoyAdminPort,
  composePostgresService,
  composeReplicasOf,
  composeVariables,
  type ComposeReplica,
} from "./compose-file.js";

const execFileAsync = promisify(execFile);

/**
 * The compose project the tests start. One fixed name (the compose network's subnet is
 * fixed too): a run first takes down whatever a run that died left behind.
 */
export const testComposeProject = "switchyard-test";

/** A running `deploy/compose` stack, published on loopback ports. */
export interface ComposeStack {
  /** `127.0.0.1:<port>` of Envoy's plaintext listener. */
  readonly envoyAddress: string;
  /** `http://127.0.0.1:<port>` of Envoy's admin interface. */
  readonly envoyAdminUrl: string;
  /** Every service replica (compose service names, e.g. `catalog-1`). */
  readonly replicas: readonly ComposeReplica[];
  /** Why a supporting service of the compose file was left out (e.g. no Jaeger image here), if one was. */
  readonly omitted: readonly string[];
  /** Reads an admin endpoint of Envoy, e.g. `/stats?filter=...`. */
  envoyAdmin(path: string): Promise<string>;
  /** The log lines a compose service has written so far (stdout and stderr). */
  logsOf(service: string): Promise<string[]>;
  /** `docker stop` (SIGTERM, then the stop grace period) of one compose service's container. */
  stop(service: string): Promise<void>;
  /** `docker start` of a stopped compose service; resolves once Docker reports it healthy. */
  start(service: string): Promise<void>;
  /** Waits until Docker reports the service's container healthy (its image's HEALTHCHECK). */
  waitHealthy(service: string, timeoutMs?: number): Promise<void>;
  /** Waits until Envoy's own health check reports each named replica (all when none) healthy in its cluster. */
  untilEnvoyRoutesTo(replicaNames?: readonly string[]): Promise<void>;
  /** `docker compose down` with volumes; safe to call twice. */
  down(): Promise<void>;
}

/** Options for {@link startComposeStack}. */
export interface StartComposeStackOptions {
  /** Progress lines for humans. Default: stderr. */
  readonly log?: (line: string) => void;
  /** Compose's collector debug exporter verbosity; "detailed" prints every span. Default "detailed". */
  readonly collectorDebugVerbosity?: "basic" | "normal" | "detailed";
}

/** `docker compose` where the CLI has the plugin; else the standalone binary the toolchain built. */
async function composeExecutable(): Promise<{ executablePath: string; standalone: true } | undefined> {
  if (await dockerSucceeds(["compose", "version"], 30_000)) return undefined;
  const standalone = join(workspaceRoot, ".toolchain", "bin", "docker-compose");
  await execFileAsync(standalone, ["version"]).catch((error: unknown) => {
    throw new Error(
      "neither `docker compose` nor .toolchain/bin/docker-compose works: run `bash tools/toolchain/ensure.sh`",
      { cause: error },
    );
  });
  return { executablePath: standalone, standalone: true };
}

/** Jaeger's image when it is local or can be pulled: it has no stand-in (a UI, not in any call path). */
async function resolveJaeger(): Promise<string | undefined> {
  const image = process.env[composeVariables.jaegerImage] ?? pinnedImages.jaeger;
  return (await haveImage(image)) ? image : undefined;
}

async function downProject(executable: Awaited<ReturnType<typeof composeExecutable>>): Promise<void> {
  const [command, args] =
    executable === undefined ? ["docker", ["compose"]] : [executable.executablePath, [] as string[]];
  await execFileAsync(
    command,
    [
      ...args,
      "--project-name",
      testComposeProject,
      "down",
      "--volumes",
      "--remove-orphans",
      "--timeout",
      "5",
    ],
    { cwd: composeDirectory, timeout: 300_000 },
  ).catch(() => undefined);
}

/**
 * Starts `deploy/compose/compose.yaml` for real with testcontainers: builds every
 * app image through the Nx `container` targets, resolves Envoy's and the
 * collector's images (official, or local stand-ins where no registry answers),
 * publishes Envoy, its admin and Jaeger on free 127.0.0.1 ports, and resolves once
 * every replica is healthy by its image's HEALTHCHECK and Envoy reports every
 * replica healthy in its clusters. Jaeger, a UI only, is left out (and said so)
 * where its image can be neither found nor pulled.
 *
 * Long by design: ordered start-up steps (images, stack, readiness) with one cleanup path on failure.
 */
export async function startComposeStack(options: StartComposeStackOptions = {}): Promise<ComposeStack> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // testcontainers' reaper container comes from a registry; the stack is taken down by down().
  process.env["TESTCONTAINERS_RYUK_DISABLED"] ??= "true";
  // The ports are published on 127.0.0.1 only, and tests talk only to loopback. Where the
  // machine itself looks like a container (/.dockerenv), testcontainers would otherwise dial
  // the bridge network's gateway address for its wait strategies.
  process.env["TESTCONTAINERS_HOST_OVERRIDE"] ??= "127.0.0.1";
  const executable = await composeExecutable();
  await downProject(executable);
  await buildAppImages({ log });
  const [envoy, collector, postgres, jaeger] = await Promise.all([
    resolveBaseImage("envoy", { log }),
    resolveBaseImage("otelCollector", { log }),
    resolveBaseImage("postgres", { log }),
    resolveJaeger(),
  ]);
  const [envoyPort, adminPort, jaegerPort] = [
    await findFreeLoopbackPort(),
    await findFreeLoopbackPort(),
    await findFreeLoopbackPort(),
  ];
  const replicas = composeReplicasOf(deployedServices());
  const omitted =
    jaeger === undefined
      ? [
          `jaeger: ${pinnedImages.jaeger} is not local and no registry answers (traces still reach the collector)`,
        ]
      : [];
  for (const reason of omitted) log(`leaving out ${reason}`);
  const services = [
    ...replicas.map((replica) => replica.name),
    "envoy",
    "otel-collector",
    composePostgresService,
    ...(jaeger ? ["jaeger"] : []),
  ];

  let environment = new DockerComposeEnvironment(composeDirectory, "compose.yaml")
    .withProjectName(testComposeProject)
    .withEnvironment({
      [composeVariables.envoyPort]: String(envoyPort),
      [composeVariables.envoyAdminPort]: String(adminPort),
      [composeVariables.jaegerUiPort]: String(jaegerPort),
      [composeVariables.envoyImage]: envoy.image,
      [composeVariables.otelCollectorImage]: collector.image,
      [composeVariables.postgresImage]: postgres.image,
      [composeVariables.collectorDebugVerbosity]: options.collectorDebugVerbosity ?? "detailed",
      ...(jaeger ? { [composeVariables.jaegerImage]: jaeger } : {}),
    })
    // Generous: replicas start in seconds, but a loaded 2-core machine can take a minute.
    .withStartupTimeout(300_000)
    .withWaitStrategy("envoy-1", Wait.forHttp("/ready", composeEnvoyAdminPort))
    .withWaitStrategy("otel-collector-1", Wait.forLogMessage(/Everything is ready/));
  for (const replica of replicas)
    environment = environment.withWaitStrategy(`${replica.name}-1`, Wait.forHealthCheck());
  if (jaeger) environment = environment.withWaitStrategy("jaeger-1", Wait.forListeningPorts());
  if (executable !== undefined) environment = environment.withClientOptions({ executable });

  log(`docker compose up (${services.length} services, Envoy on 127.0.0.1:${envoyPort})`);
  let started: StartedDockerComposeEnvironment | undefined;
  try {
    started = await environment.up(services);
  } catch (error) {
    await downProject(executable);
    throw error;
  }
  const running = started;
  const envoyAdminUrl = `http://127.0.0.1:${adminPort}`;
  const containerId = (service: string) => running.getContainer(`${service}-1`).getId();
  let downed = false;

  const stack: ComposeStack = {
    envoyAddress: `127.0.0.1:${envoyPort}`,
    envoyAdminUrl,
    replicas,
    omitted,
    async envoyAdmin(path) {
      const response = await fetch(`${envoyAdminUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`Envoy admin ${path}: HTTP ${response.status}`);
      return response.text();
    },
    async logsOf(service) {
      const { stdout, stderr } = await runDocker(["logs", containerId(service)], { timeoutMs: 30_000 });
      return `${stdout}${stderr}`.split("\n").filter((line) => line !== "");
    },
    async stop(service) {
      await runDocker(["stop", containerId(service)], { timeoutMs: 120_000 });
    },
    async start(service) {
      await runDocker(["start", containerId(service)], { timeoutMs: 120_000 });
      await stack.waitHealthy(service);
    },
    async waitHealthy(service, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { stdout } = await runDocker(
          ["inspect", "--format", "{{.State.Health.Status}}", containerId(service)],
          {
            timeoutMs: 30_000,
          },
        );
        if (stdout.trim() === "healthy") return;
        if (Date.now() > deadline) throw new Error(`${service} is ${stdout.trim()} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    untilEnvoyRoutesTo: (replicaNames) => untilEnvoyRoutesTo(stack, replicaNames),
    async down() {
      if (downed) return;
      downed = true;
      await running.down({ removeVolumes: true, timeout: 30_000 }).catch(() => downProject(executable));
    },
  };
  try {
    await stack.untilEnvoyRoutesTo();
  } catch (error) {
    await stack.down();
    throw error;
  }
  return stack;
}

/** Envoy health-checks the replicas itself; calls are only spread over those it has seen healthy. */
async function untilEnvoyRoutesTo(stack: ComposeStack, replicaNames?: readonly string[]): Promise<void> {
  const replicas = stack.replicas.filter((replica) => replicaNames?.includes(replica.name) ?? true);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const clusters = new Set((await stack.envoyAdmin("/clusters")).split("\n"));
    const waiting = replicas.filter(
      (replica) =>
        !clusters.has(
          `${replica.service.name}::${replica.address}:${replica.service.port}::health_flags::healthy`,
        ),
    );
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Envoy does not route to ${waiting.map((replica) => replica.name).join(", ")} after 120 s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
