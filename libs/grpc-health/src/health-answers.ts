import { GrpcStatus } from "@switchyard/grpc-status";
import { ServingStatus, type HealthService } from "./health-service.js";

/** A failed health answer: the gRPC status each stack sends, and its message. */
export interface HealthFailure {
  readonly code:
    typeof GrpcStatus.NOT_FOUND | typeof GrpcStatus.UNAVAILABLE | typeof GrpcStatus.RESOURCE_EXHAUSTED;
  readonly message: string;
}

const describe = (service: string): string => (service === "" ? "the server" : `service "${service}"`);

/** `Health/Check`: the reported status, or NOT_FOUND for an unknown service. */
export function answerCheck(health: HealthService, service: string): ServingStatus | HealthFailure {
  return health.getStatus(service) ?? { code: GrpcStatus.NOT_FOUND, message: `unknown service "${service}"` };
}

/** `Health/List`: every reported status, or RESOURCE_EXHAUSTED beyond the limit. */
export function answerList(health: HealthService): ReadonlyMap<string, ServingStatus> | HealthFailure {
  const statuses = health.list();
  if (statuses.size > health.maxListedServices) {
    return {
      code: GrpcStatus.RESOURCE_EXHAUSTED,
      message: `${statuses.size} services exceed the list limit of ${health.maxListedServices}`,
    };
  }
  return statuses;
}

/**
 * `LoadBalancerProbe/Check`: `undefined` (status OK) when the service is
 * SERVING, UNAVAILABLE when it is not, NOT_FOUND when a named service is unknown.
 */
export function answerProbe(health: HealthService, service: string): HealthFailure | undefined {
  const status = health.getStatus(service);
  if (status === undefined) return { code: GrpcStatus.NOT_FOUND, message: `unknown service "${service}"` };
  if (status === ServingStatus.SERVING) return undefined;
  return { code: GrpcStatus.UNAVAILABLE, message: `${describe(service)} is ${ServingStatus[status]}` };
}

/** Narrows an answer to a failure. */
export function isHealthFailure(answer: unknown): answer is HealthFailure {
  return typeof answer === "object" && answer !== null && "code" in answer && "message" in answer;
}
