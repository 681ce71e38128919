/**
 * The environment a service started inside a test runs with: loopback, a free port, no
 * drain delay and a short grace (tests stop what they start), INFO logs, a fixed instance
 * id for `x-served-by`. Tests override single variables on top.
 */
export const testServiceEnvironment: Readonly<Record<string, string>> = {
  PORT: "0",
  HOST: "127.0.0.1",
  DRAIN_DELAY_MS: "0",
  DRAIN_GRACE_MS: "1000",
  LOG_LEVEL: "info",
  INSTANCE_ID: "probe-1",
};
