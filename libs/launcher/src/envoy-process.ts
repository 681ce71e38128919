import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { promisify } from "node:util";
import { startChildProcess, type ChildProcessHandle } from "./child-process.js";
import { scaledTimeoutMs } from "./timeout-scale.js";
import { resolveToolBinary } from "./tool-binary.js";

const execFileAsync = promisify(execFile);

/** Runs `envoy --mode validate` on a config file; rejects with Envoy's output when invalid. */
export async function validateEnvoyConfig(configPath: string): Promise<void> {
  try {
    await execFileAsync(resolveToolBinary("envoy"), [
      "--mode",
      "validate",
      "-c",
      configPath,
      "--log-level",
      "warn",
    ]);
  } catch (cause) {
    const output = cause as { stdout?: string; stderr?: string };
    throw new Error(`envoy rejected ${configPath}:\n${output.stdout ?? ""}${output.stderr ?? ""}`, { cause });
  }
}

/** Options for {@link startEnvoy}. */
export interface StartEnvoyOptions {
  /** The bootstrap configuration, as YAML. Listeners and the admin may bind port 0. */
  readonly configYaml: string;
  /**
   * How long to wait for Envoy to report ready, before `SWITCHYARD_TIMEOUT_SCALE` multiplies it.
   * Default 30 s (Envoy is ready in well under a second on a quiet machine).
   */
  readonly readyTimeoutMs?: number;
  /**
   * Where the config and the admin address file are written. Default: a temporary
   * directory, removed on stop; a given directory is kept (the platform's work folder).
   */
  readonly workDir?: string;
  /** A file that receives Envoy's output as well. */
  readonly logPath?: string;
  /** Run Envoy in its own process group. Default false. */
  readonly detached?: boolean;
  /**
   * Envoy's command line besides `-c` and `--admin-address-path`, e.g. a container's args
   * (drain time and strategy). Default: `--disable-hot-restart --log-level warn`.
   */
  readonly args?: readonly string[];
}

/** A running Envoy started by {@link startEnvoy}. */
export interface EnvoyProcess {
  /** The Envoy process (pid, output, exit). */
  readonly process: ChildProcessHandle;
  /** `http://127.0.0.1:<port>` of the admin interface. */
  readonly adminUrl: string;
  /** The bound port of each listener, by listener name. */
  readonly listenerPorts: ReadonlyMap<string, number>;
  /** The bound port of the listener `name`; throws when there is none. */
  listenerPort(name: string): number;
  /** Reads an admin endpoint, e.g. `/stats?filter=...`. */
  admin(path: string): Promise<string>;
  /** Stops Envoy and removes its temporary files. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

interface ListenersResponse {
  listener_statuses?: { name: string; local_address?: { socket_address?: { port_value?: number } } }[];
}

async function readAdminUrl(adminAddressPath: string): Promise<string | undefined> {
  const address = (await readFile(adminAddressPath, "utf8").catch(() => "")).trim();
  return address === "" ? undefined : `http://${address}`;
}

async function isReady(adminUrl: string): Promise<boolean> {
  return fetch(`${adminUrl}/ready`).then(
    (response) => response.ok,
    () => false,
  );
}

/**
 * Starts Envoy with `configYaml` and resolves once its admin interface reports LIVE and
 * every listener is bound. The admin address is read from `--admin-address-path`, so
 * admin and listeners may bind port 0. On failure Envoy is stopped before it rejects.
 */
export async function startEnvoy(options: StartEnvoyOptions): Promise<EnvoyProcess> {
  return startEnvoyWithin(options, scaledTimeoutMs(options.readyTimeoutMs ?? 30_000));
}

/**
 * {@link startEnvoy} with `readyTimeoutMs` taken as it is (already scaled): for
 * `launchPlatform`, which passes what is left of its own bound. Not exported by the lib.
 */
export async function startEnvoyWithin(options: StartEnvoyOptions, timeoutMs: number): Promise<EnvoyProcess> {
  const ownDir = options.workDir === undefined;
  const dir = options.workDir ?? (await mkdtemp(join(tmpdir(), "switchyard-envoy-")));
  const configPath = join(dir, "envoy.yaml");
  const adminAddressPath = join(dir, "envoy-admin-address");
  await rm(adminAddressPath, { force: true });
  await writeFile(configPath, options.configYaml);
  const envoy = startChildProcess({
    label: "envoy",
    command: resolveToolBinary("envoy"),
    args: [
      "-c",
      configPath,
      "--admin-address-path",
      adminAddressPath,
      // Several Envoys may run side by side (tests, a second platform); hot restart would share memory.
      ...(options.args ?? ["--disable-hot-restart", "--log-level", "warn"]),
    ],
    ...(options.logPath === undefined ? {} : { logPath: options.logPath }),
    ...(options.detached === undefined ? {} : { detached: options.detached }),
  });
  let stopped = false;
  const stop = async (graceMs = 5000): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await envoy.stop(graceMs);
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + timeoutMs;
    let adminUrl: string | undefined;
    // Envoy offers no push notification of readiness; its admin /ready is the signal, polled briefly.
    while (adminUrl === undefined || !(await isReady(adminUrl))) {
      if (envoy.hasExited()) {
        throw new Error(`Envoy ended (${(await envoy.exited).description}):\n${envoy.outputTail()}`);
      }
      if (Date.now() > deadline)
        throw new Error(`Envoy not ready within ${timeoutMs} ms:\n${envoy.outputTail()}`);
      adminUrl ??= await readAdminUrl(adminAddressPath);
      await delay(25);
    }
    const resolvedAdminUrl = adminUrl;
    const admin = async (path: string): Promise<string> => {
      const response = await fetch(`${resolvedAdminUrl}${path}`);
      if (!response.ok) throw new Error(`envoy admin ${path}: HTTP ${response.status}`);
      return response.text();
    };
    const listeners = JSON.parse(await admin("/listeners?format=json")) as ListenersResponse;
    const listenerPorts = new Map<string, number>();
    for (const status of listeners.listener_statuses ?? []) {
      const port = status.local_address?.socket_address?.port_value;
      if (port !== undefined) listenerPorts.set(status.name, port);
    }
    return {
      process: envoy,
      adminUrl: resolvedAdminUrl,
      listenerPorts,
      listenerPort(name) {
        const port = listenerPorts.get(name);
        if (port === undefined) throw new Error(`envoy has no listener "${name}"`);
        return port;
      },
      admin,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface ClustersJson {
  cluster_statuses?: {
    name: string;
    host_statuses?: {
      health_status?: { eds_health_status?: string; failed_active_health_check?: boolean };
    }[];
  }[];
}

/**
 * Counts the hosts of each cluster that Envoy considers healthy (`/clusters?format=json`).
 * A host is healthy when no active health check failed it and it is not pending its first check.
 */
export async function healthyHostCounts(envoy: Pick<EnvoyProcess, "admin">): Promise<Map<string, number>> {
  const clusters = JSON.parse(await envoy.admin("/clusters?format=json")) as ClustersJson;
  const counts = new Map<string, number>();
  for (const cluster of clusters.cluster_statuses ?? []) {
    const healthy = (cluster.host_statuses ?? []).filter((host) => {
      const status = host.health_status ?? {};
      return (
        status.failed_active_health_check !== true &&
        !Object.keys(status).includes("pending_active_hc") &&
        (status.eds_health_status ?? "HEALTHY") === "HEALTHY"
      );
    }).length;
    counts.set(cluster.name, healthy);
  }
  return counts;
}

/**
 * Resolves once Envoy's active health checks found at least `expected` healthy hosts in
 * each named cluster; rejects after `timeoutMs` (times `SWITCHYARD_TIMEOUT_SCALE`) with the
 * counts it saw, or when Envoy ends. Envoy's first health-check round has no push signal, so
 * its admin API is polled briefly.
 */
export async function waitForHealthyHosts(
  envoy: EnvoyProcess,
  expected: ReadonlyMap<string, number>,
  timeoutMs: number,
): Promise<void> {
  return waitForHealthyHostsWithin(envoy, expected, scaledTimeoutMs(timeoutMs));
}

/** {@link waitForHealthyHosts} with `timeoutMs` taken as it is (already scaled). Not exported by the lib. */
export async function waitForHealthyHostsWithin(
  envoy: EnvoyProcess,
  expected: ReadonlyMap<string, number>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await healthyHostCounts(envoy);
    const short = [...expected].filter(([cluster, count]) => (counts.get(cluster) ?? 0) < count);
    if (short.length === 0) return;
    if (envoy.process.hasExited()) throw new Error(`envoy ended:\n${envoy.process.outputTail()}`);
    if (Date.now() > deadline) {
      throw new Error(
        `Envoy did not find every replica healthy within ${timeoutMs} ms: ${JSON.stringify([...counts])}`,
      );
    }
    await delay(50);
  }
}
