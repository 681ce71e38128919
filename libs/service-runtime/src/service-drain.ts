import { setTimeout as delay } from "node:timers/promises";
import type { HealthService } from "@switchyard/grpc-health";
import type { Logger } from "pino";
import type { InFlightCalls } from "./in-flight-calls.js";

const settleMs = 50;

/** What {@link createServiceDrain} needs from a stack. */
export interface ServiceDrainSteps {
  readonly health: HealthService;
  readonly logger: Logger;
  readonly inFlight: InFlightCalls;
  readonly drainDelayMs: number;
  readonly drainGraceMs: number;
  /** Stops accepting connections and sends GOAWAY; resolves once no new call can start. */
  goaway(): Promise<void>;
  /** Resolves when every connection has closed (called after `goaway`). */
  connectionsClosed(): Promise<void>;
  /** Cancels what is still running and closes every connection at once. */
  force(): Promise<void>;
}

/** The shutdown sequence both stacks share. */
export interface ServiceDrain {
  /** Drains once; later calls return the same promise. */
  shutdown(reason: string): Promise<void>;
  /** Skips what is left of a drain (or the whole drain) and closes at once. */
  forceClose(): Promise<void>;
  /** Resolves when the server has stopped. */
  readonly closed: Promise<void>;
}

/**
 * The drain sequence: every service NOT_SERVING → keep serving for the drain
 * delay, the time a load balancer needs to stop sending → GOAWAY on every
 * connection → wait for calls in flight up to the grace period → close what is
 * left (health Watch streams, idle connections).
 */
export function createServiceDrain(steps: ServiceDrainSteps): ServiceDrain {
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let draining: Promise<void> | undefined;
  let forcing: Promise<void> | undefined;
  const abortDelay = new AbortController();

  const forceClose = (): Promise<void> => {
    forcing ??= (async () => {
      abortDelay.abort();
      await steps.force();
      resolveClosed();
    })();
    return forcing;
  };

  const shutdown = (reason: string): Promise<void> => {
    draining ??= (async () => {
      const started = performance.now();
      steps.health.setAllNotServing();
      steps.logger.info(
        {
          reason,
          drainDelayMs: steps.drainDelayMs,
          drainGraceMs: steps.drainGraceMs,
          inFlight: steps.inFlight.count,
        },
        "draining: reporting NOT_SERVING, still serving",
      );
      try {
        await delay(steps.drainDelayMs, undefined, { signal: abortDelay.signal });
      } catch {
        await closed;
        return;
      }
      steps.logger.info(
        { inFlight: steps.inFlight.count },
        "draining: sending GOAWAY, then waiting for calls in flight",
      );
      const graceTimer = new AbortController();
      // Once the final GOAWAYs are out no call can start; then done when every
      // connection has closed, or when no counted call is left: health Watch
      // streams are not counted and must not hold the process for the whole
      // grace period. The short settle lets the last responses flush.
      const finished = await Promise.race([
        steps
          .goaway()
          .then(() =>
            Promise.race([steps.connectionsClosed(), steps.inFlight.whenIdle().then(() => delay(settleMs))]),
          )
          .then(() => true),
        delay(steps.drainGraceMs, false, { signal: graceTimer.signal }).catch(() => false),
        closed.then(() => true),
      ]);
      graceTimer.abort();
      if (!finished) {
        steps.logger.warn(
          { inFlight: steps.inFlight.count },
          "drain grace period over: cancelling calls in flight",
        );
      }
      await forceClose();
      steps.logger.info({ durationMs: Math.round(performance.now() - started) }, "stopped");
    })();
    return draining;
  };

  return { shutdown, forceClose, closed };
}
