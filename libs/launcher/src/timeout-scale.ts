/** The variable that multiplies every start-up bound of the launcher (and the test runner's per-test bound). */
export const timeoutScaleVariable = "SWITCHYARD_TIMEOUT_SCALE";

/**
 * The factor `SWITCHYARD_TIMEOUT_SCALE` in `env` sets for every start-up wait (a replica's
 * "serving", Envoy's `/ready`, Envoy's first health checks): a positive number, default 1.
 * The bounds themselves are generous for a quiet 2-core machine; a slower or loaded machine
 * (CI beside other jobs, `stress-ng`) raises one number instead of every bound. Readiness is
 * still a signal: a process that exits fails the wait at once, so a large factor delays only
 * the report of a hang. Throws, naming the variable, when it is not a positive number.
 */
export function timeoutScale(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[timeoutScaleVariable]?.trim() ?? "";
  if (text === "") return 1;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${timeoutScaleVariable} must be a positive number, got "${text}"`);
  }
  return value;
}

/** `baseMs` multiplied by {@link timeoutScale}, rounded to whole milliseconds. */
export function scaledTimeoutMs(baseMs: number, env: NodeJS.ProcessEnv = process.env): number {
  return Math.round(baseMs * timeoutScale(env));
}
