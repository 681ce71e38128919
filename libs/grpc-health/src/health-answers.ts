import { ServingStatus, type HealthService } from "./health-service.js";

/** A failed health answer, mapped to a gRPC status by each stack. */
export interface HealthFailure {
  readonly code: "NOT_FOUND" | "UNAVAILABLE" | "RESOURCE_EXHAUSTED";
  readonly message: string;
}

const describe = (service: string): string => (service === "" ? "the server" : `service "${service}"`);

/** `Health/Check`: the reported status, or NOT_FOUND for an unknown service. */
export function answerCheck(health: HealthService, service: string): ServingStatus | HealthFailure {
  return health.getStatus(service) ?? { code: "NOT_FOUND", message: `unknown service "${service}"` };
}

/** `Health/List`: every reported status, or RESOURCE_EXHAUSTED beyond the limit. */
export function answerList(health: HealthService): ReadonlyMap<string, ServingStatus> | HealthFailure {
  const statuses = health.list();
  if (statuses.size > health.maxListedServices) {
    return {
      code: "RESOURCE_EXHAUSTED",
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
  if (status === undefined) return { code: "NOT_FOUND", message: `unknown service "${service}"` };
  if (status === ServingStatus.SERVING) return undefined;
  return { code: "UNAVAILABLE", message: `${describe(service)} is ${ServingStatus[status]}` };
}

/** Narrows an answer to a failure. */
export function isHealthFailure(answer: unknown): answer is HealthFailure {
  return typeof answer === "object" && answer !== null && "code" in answer && "message" in answer;
}
