import type { GrpcJsServiceImplementation } from "@switchyard/grpc-js-adapter";
import { ProbeAction, type RuntimeProbeService } from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { probeSecret, type ProbeCalls } from "./probe-connect.js";

/** RuntimeProbeService on grpc-js, doing what each request asks (the twin of `createConnectProbe`). */
export function createGrpcJsProbe(
  calls: ProbeCalls = { started: 0 },
): GrpcJsServiceImplementation<typeof RuntimeProbeService> {
  return {
    probe(call, callback) {
      calls.started++;
      const request = call.request;
      const answer = (): void => {
        const deadline = call.getDeadline();
        const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
        callback(null, {
          name: request.name,
          timeoutMs: BigInt(
            Number.isFinite(deadlineMs) ? Math.max(0, Math.round(deadlineMs - Date.now())) : 0,
          ),
          payload: new Uint8Array(request.responsePayloadBytes),
        });
      };
      switch (request.action) {
        case ProbeAction.THROW:
          throw new Error(`connection to the database failed (${probeSecret})`);
        case ProbeAction.WAIT_FOR_DEADLINE:
          // The runtime ends the call; grpc-js then reports it cancelled.
          return;
        case ProbeAction.DELAY: {
          const timer = setTimeout(answer, request.delayMs);
          call.once("cancelled", () => {
            clearTimeout(timer);
          });
          return;
        }
        default:
          answer();
      }
    },
    probeStream(call) {
      calls.started++;
      const { count, intervalMs, failAfter } = call.request;
      let index = 0;
      const next = (): void => {
        if (call.cancelled) return;
        if (failAfter > 0 && index === failAfter) {
          call.emit("error", new Error(`stream source failed (${probeSecret})`));
          return;
        }
        if (index >= count) {
          call.end();
          return;
        }
        call.write({ index: index++ });
        setTimeout(next, intervalMs);
      };
      next();
    },
  };
}
