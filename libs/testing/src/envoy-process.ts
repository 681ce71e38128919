import { spawn, execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { resolveToolBinary } from "@switchyard/launcher";

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
  /** The bootstrap configuration, as YAML. Listeners may bind port 0. */
  readonly configYaml: string;
  /** How long to wait for Envoy to report ready. Default 15 s. */
  readonly readyTimeoutMs?: number;
}

/** A running Envoy started by {@link startEnvoy}. */
export interface EnvoyProcess {
  /** `http://127.0.0.1:<port>` of the admin interface. */
  readonly adminUrl: string;
  /** The bound port of each listener, by listener name. */
  readonly listenerPorts: ReadonlyMap<string, number>;
  /** The bound port of the listener `name`; throws when there is none. */
  listenerPort(name: string): number;
  /** Reads an admin endpoint, e.g. `/stats?filter=...`. */
  admin(path: string): Promise<string>;
  /** Stops Envoy and removes its temporary files. Safe to call twice. */
  stop(): Promise<void>;
}

interface ListenersResponse {
  listener_statuses?: { name: string; local_address?: { socket_address?: { port_value?: number } } }[];
}

/**
 * Starts Envoy with `configYaml` and resolves once its admin interface reports
 * LIVE and every listener is bound. Envoy's admin address must be 127.0.0.1:0
 * or a fixed loopback port; its address is read from `--admin-address-path`.
 */
export async function startEnvoy(options: StartEnvoyOptions): Promise<EnvoyProcess> {
  const dir = await mkdtemp(join(tmpdir(), "switchyard-envoy-"));
  const configPath = join(dir, "envoy.yaml");
  const adminAddressPath = join(dir, "admin-address");
  await writeFile(configPath, options.configYaml);
  const child = spawn(
    resolveToolBinary("envoy"),
    [
      "-c",
      configPath,
      "--admin-address-path",
      adminAddressPath,
      // Several Envoys run side by side in tests; hot restart would make them share memory.
      "--disable-hot-restart",
      "--log-level",
      "warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      resolve(code);
    }),
  );
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    }
  };

  try {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
    let adminUrl: string | undefined;
    const poll = async (): Promise<boolean> => {
      if (child.exitCode !== null) throw new Error(`envoy exited with code ${child.exitCode}:\n${output}`);
      if (adminUrl === undefined) {
        const address = await readFile(adminAddressPath, "utf8").catch(() => "");
        if (address.trim() === "") return false;
        adminUrl = `http://${address.trim()}`;
      }
      const ready = await fetch(`${adminUrl}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      return ready;
    };
    // Envoy offers no push notification of readiness; its admin /ready is the signal, polled briefly.
    while (!(await poll())) {
      if (Date.now() > deadline) throw new Error(`envoy not ready in time:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const resolvedAdminUrl = adminUrl as string;
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
