/**
 * The gRPC path of the load-balancer probe: the health check path for an AWS
 * ALB gRPC target group (matcher `0`) or any checker that reads only the
 * status code.
 */
export const loadBalancerProbePath = "/switchyard.health.v1.LoadBalancerProbe/Check";

/** Fully-qualified names of the services this lib registers, e.g. for server reflection. */
export const healthServiceNames: readonly string[] = [
  "grpc.health.v1.Health",
  "switchyard.health.v1.LoadBalancerProbe",
];
