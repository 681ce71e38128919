import type { DeployedService } from "@switchyard/deploy-settings";
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
  const pending = [...services];
  try {
    while (pending.length > 0) {
      const index = pending.findIndex((service) =>
        service.dependencies.every((dependency) => processes.has(dependency.name)),
      );
      const next = pending[index];
      if (next === undefined)
        throw new Error(`dependency cycle among ${pending.map((s) => s.name).join(", ")}`);
      pending.splice(index, 1);
      const dependencyEnv: Record<string, string> = {};
      for (const dependency of next.dependencies) {
        const host = new URL(processes.get(dependency.name)?.url ?? "").host;
        dependencyEnv[dependency.variable] = dependency.form === "urls" ? `http://${host}` : `ipv4:${host}`;
      }
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
