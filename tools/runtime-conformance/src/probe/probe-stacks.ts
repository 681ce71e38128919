import {
  createServiceLogger,
  loadServiceConfig,
  type ReadinessOptions,
  type RunningService,
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
  /** Starts RuntimeProbeService on 127.0.0.1:0 with `env` over short test timings. */
  start(env?: Record<string, string>, options?: ReadinessOptions): Promise<StartedProbe>;
}

function setUp(env: Record<string, string>) {
  const config = loadServiceConfig({ ...testServiceEnvironment, ...env });
  const logs = captureLogs();
  const logger = createServiceLogger({
    name: "probe",
    instanceId: config.instanceId,
    level: config.logLevel,
    destination: logs,
  });
  return { config, logs, logger, calls: { started: 0 } };
}

/** The connect-node stack. */
export const connectStack: ProbeStack = {
  name: "connect-node",
  async start(env = {}, options = {}) {
    const { config, logs, logger, calls } = setUp(env);
    const service = await startConnectService({
      ...options,
      name: "probe",
      config,
      logger,
      services: [{ service: RuntimeProbeService, implementation: createConnectProbe(calls) }],
    });
    return { service, logs, calls };
  },
};

/** The grpc-js stack. */
export const grpcJsStack: ProbeStack = {
  name: "grpc-js",
  async start(env = {}, options = {}) {
    const { config, logs, logger, calls } = setUp(env);
    const service = await startGrpcJsService({
      ...options,
      name: "probe",
      config,
      logger,
      services: [{ service: RuntimeProbeService, implementation: createGrpcJsProbe(calls) }],
    });
    return { service, logs, calls };
  },
};

/** Every stack the shared suite runs against. */
export const probeStacks: readonly ProbeStack[] = [connectStack, grpcJsStack];
