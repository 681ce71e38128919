import { create } from "@bufbuild/protobuf";
import { ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { toConnectCode } from "@switchyard/grpc-status";
import {
  Health,
  HealthCheckResponseSchema,
  type HealthCheckResponse,
} from "@switchyard/proto/grpc/health/v1/health";
import { LoadBalancerProbe } from "@switchyard/proto/switchyard/health/v1/load_balancer_probe";
import {
  answerCheck,
  answerList,
  answerProbe,
  isHealthFailure,
  type HealthFailure,
} from "./health-answers.js";
import type { HealthService, ServingStatus } from "./health-service.js";

function toConnectError(failure: HealthFailure): ConnectError {
  return new ConnectError(failure.message, toConnectCode(failure.code));
}

/** Yields the watched status at once and then on every change, until `signal` aborts. */
async function* watchStatuses(
  health: HealthService,
  service: string,
  signal: AbortSignal,
): AsyncGenerator<HealthCheckResponse> {
  const pending: ServingStatus[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = health.watch(service, (status) => {
    pending.push(status);
    wake?.();
  });
  const onAbort = (): void => wake?.();
  signal.addEventListener("abort", onAbort);
  try {
    while (!signal.aborted) {
      const status = pending.shift();
      if (status === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      yield create(HealthCheckResponseSchema, { status });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    unsubscribe();
  }
}

/**
 * Registers `grpc.health.v1.Health` (Check, List, Watch) and
 * `switchyard.health.v1.LoadBalancerProbe` on a connect-node router, answering
 * from `health`.
 */
export function registerHealthConnect(router: ConnectRouter, health: HealthService): void {
  router.service(Health, {
    check(request) {
      const answer = answerCheck(health, request.service);
      if (isHealthFailure(answer)) throw toConnectError(answer);
      return { status: answer };
    },
    list() {
      const answer = answerList(health);
      if (isHealthFailure(answer)) throw toConnectError(answer);
      return {
        statuses: Object.fromEntries(
          [...answer].map(([service, status]) => [service, create(HealthCheckResponseSchema, { status })]),
        ),
      };
    },
    watch(request, context) {
      return watchStatuses(health, request.service, context.signal);
    },
  });
  router.service(LoadBalancerProbe, {
    check(request) {
      const failure = answerProbe(health, request.service);
      if (failure) throw toConnectError(failure);
      return {};
    },
  });
}
