import { healthServiceNames } from "@switchyard/grpc-health";
import { reflectionServiceNames } from "@switchyard/grpc-reflection";

const platformPrefixes = [...healthServiceNames, ...reflectionServiceNames].map((name) => `/${name}/`);

/**
 * Whether a gRPC path belongs to the health or reflection services the runtime
 * adds. Such calls are never shed and never held up a drain: a health check
 * shed under load would make the load balancer eject a replica that is only
 * busy, and a health Watch stream lives until the connection closes.
 */
export function isPlatformCall(path: string): boolean {
  return platformPrefixes.some((prefix) => path.startsWith(prefix));
}
