import { platformServices, type DependencyEdge, type PlatformService } from "@switchyard/topology";
import { drainTimings } from "./drain-timings.js";
import { runtimeIdleTimeoutMs } from "./load-balancer-settings.js";
import type { TelemetryEnvironment } from "./telemetry-collector.js";

/** A dependency of a deployed service: its topology edge, with the service called resolved. */
export interface ServiceDependency extends Omit<PlatformService, "dependencies">, DependencyEdge {}

/**
 * The numeric user and group every service container runs as (the image's USER).
 * Above 10 000 so it never matches a host account; the image's files are owned
 * by root and only readable, so the process cannot change its own code.
 */
export const containerUserId = 10001;

/** Compute and scaling of one service in a cloud deployment. */
export interface ServiceSizing {
  /** Fargate CPU units (256 = 0.25 vCPU); Kubernetes requests the same in millicores / 1.024. */
  readonly cpuUnits: number;
  /** Memory in MiB. */
  readonly memoryMiB: number;
  /** Replicas at least; two so a deployment or an AZ loss never leaves none. */
  readonly minReplicas: number;
  /** Replicas at most. */
  readonly maxReplicas: number;
  /** Average CPU utilisation the autoscaler keeps (percent). */
  readonly targetCpuPercent: number;
  /** ALB requests (gRPC calls) per target per minute the ECS autoscaler keeps. */
  readonly requestsPerTargetPerMinute: number;
}

/** Sizing every service gets unless it needs more: 0.25 vCPU, 512 MiB, 2-10 replicas. */
export const defaultSizing: ServiceSizing = {
  cpuUnits: 256,
  memoryMiB: 512,
  minReplicas: 2,
  maxReplicas: 10,
  targetCpuPercent: 60,
  requestsPerTargetPerMinute: 6000,
};

/** A topology service with everything a deploy target needs to run it. */
export interface DeployedService extends PlatformService {
  /** Path patterns the ALB routes to it: `/<pkg.Service>/*` per gRPC service. */
  readonly albPathPatterns: readonly string[];
  /** Route prefixes for Kubernetes Ingress paths and Envoy: `/<pkg.Service>/`. */
  readonly routePrefixes: readonly string[];
  /** Services it calls (present in the topology). */
  readonly dependencies: readonly ServiceDependency[];
  /** Compute and scaling. */
  readonly sizing: ServiceSizing;
}

/** Every service of the topology, in start order, as deploy targets see it. */
export function deployedServices(services: readonly PlatformService[] = platformServices): DeployedService[] {
  return services.map((service) => ({
    ...service,
    albPathPatterns: service.grpcServices.map((grpcService) => `/${grpcService}/*`),
    routePrefixes: service.grpcServices.map((grpcService) => `/${grpcService}/`),
    // An edge to a service not in `services` (e.g. a topology under test without it) is left out.
    dependencies: service.dependencies.flatMap((edge) =>
      services
        .filter((candidate) => candidate.name === edge.service)
        .map((candidate) => ({
          name: candidate.name,
          stack: candidate.stack,
          port: candidate.port,
          grpcServices: candidate.grpcServices,
          ...edge,
        })),
    ),
    sizing: defaultSizing,
  }));
}

/**
 * The V8 old-space limit of a service with `sizing`, in MiB: three quarters of its memory.
 * Without a limit V8 sizes its heap from the machine, not the container, so a flood or a leak
 * grows the heap until the kernel's OOM killer ends the task (exit 137: no drain, every call
 * in flight lost); with it V8 collects harder as the heap nears the limit, and a true leak ends
 * in a V8 out-of-memory error with a stack trace in the logs. The last quarter (128 MiB of
 * 512) holds what lives outside the heap: code, stacks and the HTTP/2 sessions' buffers (an
 * idle replica's whole RSS is about 117 MiB).
 */
export function heapLimitMiB(sizing: ServiceSizing): number {
  return Math.floor((sizing.memoryMiB * 3) / 4);
}

/**
 * Runtime settings of the production deploy targets (ECS, EKS), on top of
 * {@link runtimeEnvironment}; docker compose, a local stand-in, keeps the defaults.
 * `GRPC_REFLECTION=off`: server reflection would hand anyone who reaches a replica (a
 * compromised task, a misrouted path) the whole API surface, internal methods included.
 * Nothing deployed needs it: the ALB routes only the services' own prefixes, and the deploy
 * checks call with the protos (`grpcurl -import-path proto -proto …`), never by reflection.
 */
export const productionRuntimeEnvironment: Readonly<Record<string, string>> = {
  GRPC_REFLECTION: "off",
};

/**
 * The environment a service's container gets, identical on every deploy target
 * except for the dependency addresses: `dependencyAddress` gives a dependency's
 * address in the form its client reads, through the deploy target's service
 * discovery. With `telemetry`, the service exports traces and metrics over
 * OTLP/gRPC to that collector; without it, telemetry stays off.
 */
export function runtimeEnvironment(
  service: DeployedService,
  dependencyAddress: (dependency: ServiceDependency) => string,
  telemetry?: TelemetryEnvironment,
): Record<string, string> {
  const environment: Record<string, string> = {
    PORT: String(service.port),
    HOST: "0.0.0.0",
    DRAIN_DELAY_MS: String(drainTimings.drainDelayMs),
    DRAIN_GRACE_MS: String(drainTimings.drainGraceMs),
    IDLE_TIMEOUT_MS: String(runtimeIdleTimeoutMs),
    NODE_OPTIONS: `--max-old-space-size=${heapLimitMiB(service.sizing)}`,
    OTEL_SERVICE_NAME: service.name,
    ...(telemetry === undefined
      ? {}
      : { OTEL_EXPORTER_OTLP_ENDPOINT: telemetry.otlpEndpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }),
  };
  for (const dependency of service.dependencies) {
    environment[dependency.variable] = dependencyAddress(dependency);
  }
  return environment;
}
