/**
 * The bound of a hook that builds container images or starts a whole stack (compose, or every
 * service with PostgreSQL and Envoy): a cold machine builds the app images and the stand-in
 * images first, minutes on 2 cores, longer than the runner's per-test default (300 s).
 * `SWITCHYARD_TIMEOUT_SCALE` multiplies it, as it does the runner's.
 */
export const stackHookTimeoutMs = 30 * 60_000 * Number(process.env["SWITCHYARD_TIMEOUT_SCALE"] ?? "1");
