import { startServiceProcess, type ServiceProcess } from "@switchyard/launcher";

const probeMain = new URL("./probe-main.ts", import.meta.url).pathname;

/**
 * Starts the probe service (`probe-main.ts`) on `stack` as its own process through the
 * launcher, as a real service runs (signals, exit codes), and resolves once it serves.
 */
export function startProbeProcess(
  stack: "connect-node" | "grpc-js",
  env: Readonly<Record<string, string>>,
): Promise<ServiceProcess> {
  return startServiceProcess({
    service: "probe",
    entry: probeMain,
    env: { PROBE_STACK: stack, ...env },
    startTimeoutMs: 30_000,
  });
}
