/** Where the images install grpc-health-probe (deploy/image/Dockerfile). */
export const imageHealthProbePath = "/usr/local/bin/grpc-health-probe";

/**
 * The container liveness check (ECS container health check, Kubernetes liveness
 * probe), as a `/bin/sh -c` command: the process is alive when it answers the
 * gRPC health protocol at all, SERVING (exit 0) or NOT_SERVING (exit 4).
 *
 * Serving state belongs to the load balancer's check and to readiness: a
 * draining replica, or checkout while a dependency is down, reports
 * NOT_SERVING and must leave rotation, not be killed — a restart would not
 * bring the dependency back and would turn one outage into churn. Native gRPC
 * probes cannot express "answers, whatever the status", hence the command.
 */
export function livenessCommand(port: number, probePath: string = imageHealthProbePath): string {
  return `${probePath} -addr=127.0.0.1:${port} -connect-timeout=2s -rpc-timeout=2s; s=$?; [ "$s" -eq 0 ] || [ "$s" -eq 4 ]`;
}
