import type { DeployedService } from "@switchyard/deploy-settings";
import { launchPlatform, type ServiceProcess } from "@switchyard/launcher";

/** Every service of a topology running as a local process, by name. */
export interface PlatformProcesses {
  /** The process of `name`; throws when none runs. */
  get(name: string): ServiceProcess;
  /** Kills every process (the contract tests need no drain at the end). Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts one replica of every service on 127.0.0.1, port 0, through the launcher that
 * `npm start` uses: callees first, each client pointed at its dependencies in the form it
 * reads (`urls` or `grpc-target`). `env` is added to every process (e.g. short drain timings).
 */
export async function startPlatformProcesses(
  services: readonly DeployedService[],
  env: Readonly<Record<string, string>> = {},
): Promise<PlatformProcesses> {
  const platform = await launchPlatform({
    services,
    replicasOf: () => 1,
    replicaEnv: () => env,
    startTimeoutMs: 60_000,
  });
  return {
    get(name) {
      const [replica] = platform.replicasOf(name);
      if (replica === undefined) throw new Error(`no process for ${name}`);
      return replica;
    },
    stop: () => platform.stop(0),
  };
}
