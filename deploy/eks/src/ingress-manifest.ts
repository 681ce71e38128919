import {
  accessLogBucketName,
  albHealthCheck,
  albHttpsPort,
  albIdleTimeoutSeconds,
  albSslPolicy,
  deregistrationDelaySeconds,
  healthyGrpcCodes,
  loadBalancerProbePath,
  type DeployedService,
} from "@switchyard/deploy-settings";

import {
  certificateArnPlaceholder,
  exampleAccount,
  ingressGroupName,
  webAclArnPlaceholder,
  type KubernetesObject,
} from "./kubernetes-manifests.js";

/** Where an ALB writes its access logs: the bucket ({@link accessLogBucketName}) and a key prefix per environment. */
export interface AccessLogLocation {
  readonly bucket: string;
  readonly prefix: string;
}

/**
 * The ALB's `load-balancer-attributes`: the idle timeout the stream heartbeat
 * is sized for, invalid header fields dropped, HTTP/2 on, deletion protection
 * (as on ECS: deleting the Ingress, or a wrong `kubectl delete -k`, must not
 * take the production endpoint and its DNS name with it; turn it off before a
 * deliberate removal), and access logs to S3 (every request the ALB answers,
 * also those no pod sees).
 */
export function loadBalancerAttributes(accessLogs: AccessLogLocation): string {
  return [
    `idle_timeout.timeout_seconds=${albIdleTimeoutSeconds}`,
    "routing.http.drop_invalid_header_fields.enabled=true",
    "routing.http2.enabled=true",
    "deletion_protection.enabled=true",
    "access_logs.s3.enabled=true",
    `access_logs.s3.bucket=${accessLogs.bucket}`,
    `access_logs.s3.prefix=${accessLogs.prefix}`,
  ].join(",");
}

/** The AWS Load Balancer Controller annotations for gRPC behind an HTTPS ALB. */
export function ingressAnnotations(): Record<string, string> {
  const prefix = "alb.ingress.kubernetes.io";
  return {
    [`${prefix}/scheme`]: "internet-facing",
    [`${prefix}/target-type`]: "ip",
    // gRPC target groups work only behind HTTPS listeners.
    [`${prefix}/listen-ports`]: JSON.stringify([{ HTTPS: albHttpsPort }]),
    [`${prefix}/certificate-arn`]: certificateArnPlaceholder,
    [`${prefix}/ssl-policy`]: albSslPolicy,
    [`${prefix}/backend-protocol`]: "HTTP",
    [`${prefix}/backend-protocol-version`]: "GRPC",
    [`${prefix}/healthcheck-protocol`]: "HTTP",
    [`${prefix}/healthcheck-path`]: loadBalancerProbePath,
    [`${prefix}/success-codes`]: healthyGrpcCodes,
    [`${prefix}/healthcheck-interval-seconds`]: String(albHealthCheck.intervalSeconds),
    [`${prefix}/healthcheck-timeout-seconds`]: String(albHealthCheck.timeoutSeconds),
    [`${prefix}/healthy-threshold-count`]: String(albHealthCheck.healthyThresholdCount),
    [`${prefix}/unhealthy-threshold-count`]: String(albHealthCheck.unhealthyThresholdCount),
    // AWS WAF (rate limit per IP, AWS's managed rules): the SwitchyardEksEdge stack's web ACL.
    [`${prefix}/wafv2-acl-arn`]: webAclArnPlaceholder,
    [`${prefix}/group.name`]: ingressGroupName,
    [`${prefix}/load-balancer-attributes`]: loadBalancerAttributes({
      bucket: accessLogBucketName(exampleAccount.id, exampleAccount.region),
      prefix: ingressGroupName,
    }),
    // Round robin, as on ECS (see deploy/ecs grpc-fargate-service.ts for why not least outstanding requests).
    [`${prefix}/target-group-attributes`]: [
      `deregistration_delay.timeout_seconds=${deregistrationDelaySeconds()}`,
      "load_balancing.algorithm.type=round_robin",
    ].join(","),
  };
}

/**
 * The order of the group's Ingresses: the web Ingress's rules (web-gateway-manifests.ts) are
 * evaluated before the gRPC Ingress's, because both match the same service paths and the web
 * rules narrow them by content type or method (the ALB takes the first rule that matches).
 */
export const ingressGroupOrders = { web: 10, grpc: 20 } as const;

/**
 * One Ingress for every service: each gRPC service's path pattern (the same
 * `/<pkg.Service>/*` as the ECS listener rules; ImplementationSpecific passes
 * it to the ALB as written) goes to that service's ClusterIP Service.
 */
export function renderIngress(services: readonly DeployedService[]): KubernetesObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name: "switchyard",
      annotations: {
        ...ingressAnnotations(),
        "alb.ingress.kubernetes.io/group.order": String(ingressGroupOrders.grpc),
      },
    },
    spec: {
      ingressClassName: "alb",
      rules: [
        {
          http: {
            paths: services.flatMap((service) =>
              service.albPathPatterns.map((path) => ({
                path,
                pathType: "ImplementationSpecific",
                backend: { service: { name: service.name, port: { name: "grpc" } } },
              })),
            ),
          },
        },
      ],
    },
  };
}
