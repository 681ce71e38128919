import type { Logger } from "pino";
import {
  createServiceLogger,
  loadAuthConfig,
  loadServiceConfig,
  type AuthConfig,
  type ReadinessOptions,
  type RunningService,
  type ServiceConfig,
} from "@switchyard/service-runtime";
import { startConnectService } from "@switchyard/connect-runtime";
import { startGrpcJsService } from "@switchyard/grpc-js-runtime";
import { testServiceEnvironment } from "@switchyard/testing";
import { RuntimeProbeService } from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { captureLogs, type CapturedLogs } from "./captured-logs.js";
import { createConnectProbe, type ProbeCalls } from "./probe-connect.js";
import { createGrpcJsProbe } from "./probe-grpc-js.js";

/** A probe service started for one test, with what the test inspects. */
export interface StartedProbe {
  readonly service: RunningService;
  readonly logs: CapturedLogs;
  readonly calls: ProbeCalls;
}

/** One gRPC stack the shared suite runs against. */
export interface ProbeStack {
  readonly name: "connect-node" | "grpc-js";
  /** Starts RuntimeProbeService on 127.0.0.1:0 with `env` over short test timings; auth on when `env` sets `AUTH_*`. */
  start(env?: Record<string, string>, options?: ReadinessOptions): Promise<StartedProbe>;
}

/** What both stacks' start functions take besides the services. */
interface ProbeStartOptions extends ReadinessOptions {
  readonly name: string;
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly auth: AuthConfig | "off";
}

/** A {@link ProbeStack} whose `start` sets up config and captured logs, then calls `startOn`. */
function probeStack(
  name: ProbeStack["name"],
  startOn: (options: ProbeStartOptions, calls: ProbeCalls) => Promise<RunningService>,
): ProbeStack {
  return {
    name,
    async start(env = {}, options = {}) {
      const config = loadServiceConfig({ ...testServiceEnvironment, ...env });
      // Auth from `env` only (AUTH_*), never from this process's environment.
      const auth = loadAuthConfig(env) ?? "off";
      const logs = captureLogs();
      const logger = createServiceLogger({
        name: "probe",
        instanceId: config.instanceId,
        level: config.logLevel,
        destination: logs,
      });
      const calls: ProbeCalls = { started: 0 };
      const service = await startOn({ ...options, name: "probe", config, logger, auth }, calls);
      return { service, logs, calls };
    },
  };
}

/** The connect-node stack. */
export const connectStack: ProbeStack = probeStack("connect-node", (options, calls) =>
  startConnectService({
    ...options,
    services: [{ service: RuntimeProbeService, implementation: createConnectProbe(calls) }],
  }),
);

/** The grpc-js stack. */
export const grpcJsStack: ProbeStack = probeStack("grpc-js", (options, calls) =>
  startGrpcJsService({
    ...options,
    services: [{ service: RuntimeProbeService, implementation: createGrpcJsProbe(calls) }],
  }),
);

/** Every stack the shared suite runs against. */
export const probeStacks: readonly ProbeStack[] = [connectStack, grpcJsStack];
