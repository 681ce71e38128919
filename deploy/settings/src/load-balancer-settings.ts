/**
 * Application Load Balancer settings shared by the ECS (CDK) and EKS (AWS Load
 * Balancer Controller) deployments. See shared docs "gRPC on AWS load balancers"
 * for the facts behind each value.
 */

/**
 * The health-check path for ALB gRPC target groups: the runtime's load-balancer
 * probe. The ALB judges a target only by the grpc-status code, and
 * `grpc.health.v1.Health/Check` answers OK even for NOT_SERVING; this method
 * answers OK while SERVING and UNAVAILABLE otherwise (draining, dependency lost).
 */
export const loadBalancerProbePath = "/switchyard.health.v1.LoadBalancerProbe/Check";

/** The gRPC status codes the ALB counts as healthy: only OK (the default, 12, means "port speaks gRPC"). */
export const healthyGrpcCodes = "0";

/**
 * Target-group health check timing. 5 s × 2 failures takes a target that turns
 * NOT_SERVING out of rotation in about 10 s, within the runtime's drain delay,
 * so the health check alone would protect a drain even if a deregistration were
 * lost; 2 successes put a new target in service 10 s after it is SERVING. The
 * timeout must be shorter than the interval.
 */
export const albHealthCheck: AlbHealthCheck = {
  intervalSeconds: 5,
  timeoutSeconds: 4,
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 2,
};

/** Timing of an ALB target-group health check. */
export interface AlbHealthCheck {
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
}

/**
 * How often long-lived streams send an application message: the catalog's
 * server stream heartbeats every 20 s by default. HTTP/2 PINGs do not reset the
 * ALB's idle timer, only data does.
 */
export const streamHeartbeatSeconds = 20;

/**
 * ALB `idle_timeout.timeout_seconds`: 60 s (the default, set explicitly). It is
 * three heartbeat periods, so a quiet stream survives two lost heartbeats before
 * the ALB cuts it, and it stays shorter than the runtime's connection idle
 * timeout ({@link runtimeIdleTimeoutMs}), so the ALB — not the target — closes
 * idle connections and never sends a request on a connection the target is closing.
 */
export const albIdleTimeoutSeconds = 60;

/** `IDLE_TIMEOUT_MS` the deploy targets give the runtime: longer than the ALB's idle timeout. */
export const runtimeIdleTimeoutMs = 120_000;

/**
 * The listener's TLS policy: TLS 1.3 and 1.2 with forward-secret AEAD ciphers only
 * (AWS's recommended policy; gRPC requires TLS 1.2+ with ALPN h2).
 */
export const albSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** HTTPS listener port of the ALB: gRPC target groups work only behind HTTPS. */
export const albHttpsPort = 443;

/**
 * The S3 bucket an ALB writes its access logs to, by account and region: the
 * ECS stack creates its own; the EKS Ingress's ALB uses the one the CDK app's
 * `SwitchyardAlbLogs` stack creates under this name.
 */
export function accessLogBucketName(account: string, region: string): string {
  return `switchyard-alb-logs-${account}-${region}`;
}
