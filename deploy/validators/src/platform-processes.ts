import type { DeployedService } from "@switchyard/deploy-settings";
import { dependencyEnvironment, startOrder } from "@switchyard/topology";
import { startServiceProcess, type ServiceProcess } from "./service-process.js";

/** Every service of a topology running as a local process, by name. */
export interface PlatformProcesses {
  readonly processes: ReadonlyMap<string, ServiceProcess>;
  /** The process of `name`; throws when none runs. */
  get(name: string): ServiceProcess;
  /** Stops every process. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts every service on 127.0.0.1, port 0, dependencies first, each client
 * pointed at its dependencies' processes in the form it reads (`urls` or
 * `grpc-target`). `env` is added to every process (e.g. short drain timings).
 */
export async function startPlatformProcesses(
  services: readonly DeployedService[],
  env: Readonly<Record<string, string>> = {},
): Promise<PlatformProcesses> {
  const processes = new Map<string, ServiceProcess>();
  const stop = async (): Promise<void> => {
    await Promise.all([...processes.values()].map((process) => process.stop()));
  };
  try {
    for (const next of startOrder(services)) {
      const dependencyEnv = dependencyEnvironment(next, (name) => {
        const running = processes.get(name);
        return running === undefined ? [] : [{ host: "127.0.0.1", port: Number(new URL(running.url).port) }];
      });
      processes.set(
        next.name,
        await startServiceProcess({ app: next.name, env: { ...env, ...dependencyEnv } }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    processes,
    get(name) {
      const found = processes.get(name);
      if (found === undefined) throw new Error(`no process for ${name}`);
      return found;
    },
    stop,
  };
}
