import { startTelemetry, type Telemetry } from "@switchyard/telemetry";
import type { RunningService } from "./running-service.js";

/** Options for {@link runServiceMain}. */
export interface RunServiceMainOptions {
  /** The process to watch for signals and to exit; defaults to the current one. */
  readonly process?: Pick<NodeJS.Process, "once" | "on" | "exit" | "exitCode" | "stderr">;
  /**
   * The service's name for OpenTelemetry (`service.name` unless
   * `OTEL_SERVICE_NAME` is set). When given, telemetry is started from the
   * `OTEL_*` variables before `start` runs (a no-op without an OTLP endpoint)
   * and flushed before the process exits.
   */
  readonly telemetryServiceName?: string;
}

/**
 * Runs a service as a process's main: starts it with `start` and owns the
 * process lifecycle from then on.
 *
 * - The first SIGTERM or SIGINT drains (`shutdown`): NOT_SERVING, drain delay,
 *   GOAWAY, grace for calls in flight; then the process exits 0.
 * - A second signal forces: calls in flight are cancelled and the process exits 1.
 * - A failing start (bad configuration, port in use, failed readiness) prints
 *   the error on stderr and exits 1, so an orchestrator sees a crash, not a hang.
 *
 * Use it as the whole of a service's `main.ts`:
 * `await runServiceMain(() => startConnectService({ name, services }))`.
 */
export async function runServiceMain(
  start: () => Promise<RunningService>,
  options: RunServiceMainOptions = {},
): Promise<void> {
  const proc = options.process ?? process;
  let telemetry: Telemetry | undefined;
  // Spans and metrics still buffered are flushed first; a stuck collector must not hold the exit.
  const exit = (code: number): void => {
    if (telemetry === undefined) {
      proc.exit(code);
      return;
    }
    const flushed = telemetry.shutdown();
    const cap = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
    void Promise.race([flushed.catch(() => undefined), cap]).then(() => proc.exit(code));
  };
  let service: RunningService | undefined;
  let signals = 0;
  const drainOrForce = (running: RunningService, signal: NodeJS.Signals): void => {
    if (signals === 1) {
      running.logger.info({ signal }, "signal received: draining");
      void running.shutdown(signal).then(() => {
        exit(0);
      });
      return;
    }
    running.logger.warn({ signal }, "second signal received: forcing exit");
    void running.forceClose().finally(() => {
      exit(1);
    });
  };
  let firstSignal: NodeJS.Signals | undefined;
  // Listening before start-up: a signal that arrives while the service starts
  // is acted on once it runs, instead of killing the process mid-start.
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    firstSignal ??= signal;
    if (service !== undefined) drainOrForce(service, signal);
    else if (signals > 1) exit(1);
  };
  proc.on("SIGTERM", onSignal);
  proc.on("SIGINT", onSignal);
  try {
    // Awaited before `start`, so the RPC interceptors record into the SDK's providers;
    // without an OTLP endpoint this resolves at once and the SDK is never loaded.
    if (options.telemetryServiceName !== undefined)
      telemetry = await startTelemetry({ serviceName: options.telemetryServiceName });
    service = await start();
  } catch (error) {
    proc.stderr.write(
      `${JSON.stringify({ level: "fatal", msg: "service failed to start", err: describe(error) })}\n`,
    );
    exit(1);
    return;
  }
  if (firstSignal !== undefined) drainOrForce(service, firstSignal);
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: "Error", message: String(error) };
}
