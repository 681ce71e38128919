/**
 * The runtime's shutdown timings as every deploy target sets them, and the
 * load-balancer and orchestrator timeouts derived from them.
 *
 * On SIGTERM the service runtime (libs/service-runtime) reports NOT_SERVING and
 * keeps serving for `DRAIN_DELAY_MS`, then sends GOAWAY and gives in-flight calls
 * `DRAIN_GRACE_MS` before it exits. The deploy manifests set both variables
 * explicitly from here, so the manifests and the processes agree even if the
 * runtime's defaults change.
 */
export interface DrainTimings {
  /** `DRAIN_DELAY_MS`: serving (as NOT_SERVING) after SIGTERM, before GOAWAY. */
  readonly drainDelayMs: number;
  /** `DRAIN_GRACE_MS`: time in-flight calls get after GOAWAY before the process exits. */
  readonly drainGraceMs: number;
}

/** The timings every deploy target gives the runtime: 10 s delay, 15 s grace (the runtime's defaults). */
export const drainTimings: DrainTimings = { drainDelayMs: 10_000, drainGraceMs: 15_000 };

/** Headroom on top of delay + grace for process exit, log flush and clock skew. */
export const shutdownMarginSeconds = 5;

const seconds = (ms: number): number => Math.ceil(ms / 1000);

/** Seconds from SIGTERM until the runtime has exited by itself: delay + grace. */
export function shutdownSeconds(timings: DrainTimings = drainTimings): number {
  return seconds(timings.drainDelayMs) + seconds(timings.drainGraceMs);
}

/**
 * ECS container `stopTimeout` (seconds between SIGTERM and SIGKILL): delay + grace
 * + margin, so the runtime always finishes its drain. ECS deregisters a task from
 * its target groups and waits for the deregistration delay *before* it sends
 * SIGTERM; the drain delay then covers Service Connect clients, which learn of the
 * stopping task from ECS, not from the ALB. Fargate allows at most 120 s.
 */
export function ecsStopTimeoutSeconds(timings: DrainTimings = drainTimings): number {
  return shutdownSeconds(timings) + shutdownMarginSeconds;
}

/**
 * ALB target-group `deregistration_delay.timeout_seconds` (ECS and EKS): delay +
 * grace + margin, instead of the 300 s default. The ALB stops sending new requests
 * to a deregistering target at once; it would end the delay early only once the
 * target has no open connection, and its HTTP/2 connections to a gRPC target are
 * long-lived (reused across clients' calls), so expect the full delay on every
 * deregistration. The delay bounds how long in-flight calls and open streams may
 * keep the target. On EKS deregistration starts when the pod starts terminating,
 * and the pod keeps accepting for preStop + drain delay, so the ALB must not cut
 * connections before then: delay + grace + margin covers it with the preStop
 * sleep below (checked by the invariants in the tests). On ECS a long delay only
 * slows deployments, because ECS waits for it before stopping the task.
 */
export function deregistrationDelaySeconds(timings: DrainTimings = drainTimings): number {
  return shutdownSeconds(timings) + shutdownMarginSeconds;
}

/**
 * EKS `preStop` sleep: the pod keeps serving normally while the endpoints
 * controller and the AWS Load Balancer Controller deregister it (they react to
 * the same deletion as the kubelet, in parallel, and the ALB applies the
 * deregistration a few seconds later). Only then does SIGTERM start the runtime's
 * own drain delay, so a slow deregistration never meets a target that has
 * already sent GOAWAY.
 */
export const preStopSleepSeconds = 10;

/**
 * EKS `terminationGracePeriodSeconds`: it counts from the start of preStop, so it
 * must hold preStop + drain delay + grace + margin, or the kubelet SIGKILLs the
 * pod while calls are still finishing (the Kubernetes default is 30 s).
 */
export function terminationGracePeriodSeconds(timings: DrainTimings = drainTimings): number {
  return preStopSleepSeconds + shutdownSeconds(timings) + shutdownMarginSeconds;
}

/**
 * How long Envoy (the `envoy-nlb` overlay) drains before it exits: its preStop
 * hook starts a graceful drain (`/drain_listeners?graceful`) and holds for this
 * long, Envoy's `--drain-time-s` is the same value, and the NLB's deregistration
 * delay matches it. During the drain Envoy keeps accepting connections (the NLB
 * goes on opening some: IP-target deregistration has been measured to take about
 * two minutes to stop new flows, aws-load-balancer-controller#2366) and answers
 * each request with a GOAWAY (HTTP/2) or `Connection: close` (HTTP/1.1), so
 * clients finish their calls and reconnect through the NLB to another Envoy.
 * 120 s covers that measured lag; an NLB ends the delay early once no
 * connection to the target remains.
 */
export const envoyDrainSeconds = 120;

/**
 * `terminationGracePeriodSeconds` of the Envoy pods: the preStop drain plus the
 * margin; it counts from the start of preStop, and Envoy exits within
 * milliseconds of the SIGTERM that follows the hook.
 */
export function envoyTerminationGracePeriodSeconds(): number {
  return envoyDrainSeconds + shutdownMarginSeconds;
}
