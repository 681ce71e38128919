import { create } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { addBufServiceToGrpcJsServer } from "@switchyard/grpc-js-adapter";
import { toGrpcJsStatus } from "@switchyard/grpc-status";
import { Health, HealthCheckResponseSchema } from "@switchyard/proto/grpc/health/v1/health";
import { LoadBalancerProbe } from "@switchyard/proto/switchyard/health/v1/load_balancer_probe";
import {
  answerCheck,
  answerList,
  answerProbe,
  isHealthFailure,
  type HealthFailure,
} from "./health-answers.js";
import type { HealthService } from "./health-service.js";

function toServiceError(failure: HealthFailure): Partial<grpc.StatusObject> {
  return { code: toGrpcJsStatus(failure.code), details: failure.message };
}

/**
 * Adds `grpc.health.v1.Health` (Check, List, Watch) and
 * `switchyard.health.v1.LoadBalancerProbe` to a grpc-js server, answering
 * from `health`.
 */
export function addHealthToGrpcJsServer(server: grpc.Server, health: HealthService): void {
  addBufServiceToGrpcJsServer(server, Health, {
    check(call, callback) {
      const answer = answerCheck(health, call.request.service);
      if (isHealthFailure(answer)) callback(toServiceError(answer));
      else callback(null, { status: answer });
    },
    list(_call, callback) {
      const answer = answerList(health);
      if (isHealthFailure(answer)) {
        callback(toServiceError(answer));
        return;
      }
      callback(null, {
        statuses: Object.fromEntries(
          [...answer].map(([service, status]) => [service, create(HealthCheckResponseSchema, { status })]),
        ),
      });
    },
    watch(call) {
      const unsubscribe = health.watch(call.request.service, (status) => {
        call.write({ status });
      });
      // "cancelled" covers client cancellation, deadlines and server shutdown.
      call.once("cancelled", unsubscribe);
      call.once("close", unsubscribe);
    },
  });
  addBufServiceToGrpcJsServer(server, LoadBalancerProbe, {
    check(call, callback) {
      const failure = answerProbe(health, call.request.service);
      if (failure) callback(toServiceError(failure));
      else callback(null, {});
    },
  });
}
