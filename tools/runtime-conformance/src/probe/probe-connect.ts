import { setTimeout as delay } from "node:timers/promises";
import type { ServiceImpl } from "@connectrpc/connect";
import { ProbeAction, type RuntimeProbeService } from "@switchyard/proto/switchyard/testing/v1/runtime_probe";

/** Calls that reached a probe handler, so tests can tell shed calls from served ones. */
export interface ProbeCalls {
  started: number;
}

/** The secret an unexpected error carries; it must reach logs, never the wire. */
export const probeSecret = "db-password=hunter2";

/** RuntimeProbeService on connect-node, doing what each request asks. */
export function createConnectProbe(
  calls: ProbeCalls = { started: 0 },
): ServiceImpl<typeof RuntimeProbeService> {
  return {
    async probe(request, context) {
      calls.started++;
      switch (request.action) {
        case ProbeAction.THROW:
          throw new Error(`connection to the database failed (${probeSecret})`);
        case ProbeAction.WAIT_FOR_DEADLINE:
          await new Promise((_resolve, reject) => {
            context.signal.addEventListener("abort", () => {
              reject(context.signal.reason as Error);
            });
          });
          break;
        case ProbeAction.DELAY:
          await delay(request.delayMs, undefined, { signal: context.signal });
          break;
        default:
          break;
      }
      return {
        name: request.name,
        timeoutMs: BigInt(Math.round(context.timeoutMs() ?? 0)),
        payload: new Uint8Array(request.responsePayloadBytes),
      };
    },
    async *probeStream(request, context) {
      calls.started++;
      for (let index = 0; index < request.count; index++) {
        if (request.failAfter > 0 && index === request.failAfter) {
          throw new Error(`stream source failed (${probeSecret})`);
        }
        if (index > 0 && request.intervalMs > 0)
          await delay(request.intervalMs, undefined, { signal: context.signal });
        yield { index };
      }
    },
  };
}
