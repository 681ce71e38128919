/**
 * Client-side, per-call balancing for connect clients: every replica behind a name gets
 * calls (round robin), names are re-resolved as replicas come and go, replicas whose health
 * says NOT_SERVING (draining) or that just failed are passed over, and a call that finds
 * its replica UNAVAILABLE may be tried on the next one within its deadline.
 */
export { createReplicaBalancer, ReplicasExhaustedError } from "./replica-balancer.js";
export type { BalancedCallOptions, ReplicaBalancer, ReplicaBalancerOptions } from "./replica-balancer.js";
export { expandReplicaUrls } from "./replica-urls.js";
