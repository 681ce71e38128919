import {
  clusterVpcCidr,
  clusterZones,
  collectorName,
  exampleAccount,
  namespaceName,
} from "./kubernetes-manifests.js";

/** The Kubernetes version of the cluster; the manifests are validated against its schemas. */
export const clusterKubernetesVersion = "1.34";

/**
 * An eksctl `ClusterConfig`: a cluster in its own VPC (the CIDR the network
 * policies admit the ALB from), a managed Graviton node group in private subnets
 * across three zones, OIDC with an IAM role for the AWS Load Balancer
 * Controller's service account, and the VPC CNI with network-policy enforcement.
 */
export function renderEksctlCluster(): Record<string, unknown> {
  return {
    apiVersion: "eksctl.io/v1alpha5",
    kind: "ClusterConfig",
    metadata: { name: "switchyard", region: exampleAccount.region, version: clusterKubernetesVersion },
    // One NAT gateway per zone: with a single one, losing its zone cuts every other
    // zone's nodes off ECR, STS and the AWS APIs the controllers call.
    vpc: { cidr: clusterVpcCidr, nat: { gateway: "HighlyAvailable" } },
    availabilityZones: [...clusterZones],
    iam: {
      withOIDC: true,
      serviceAccounts: [
        {
          metadata: { name: "aws-load-balancer-controller", namespace: "kube-system" },
          wellKnownPolicies: { awsLoadBalancerController: true },
        },
        {
          // The telemetry collector writes traces to X-Ray and metrics to CloudWatch Logs.
          metadata: { name: collectorName, namespace: namespaceName },
          attachPolicyARNs: [
            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
            "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
          ],
        },
      ],
    },
    addons: [
      // NetworkPolicy objects are enforced only with the VPC CNI's network policy agent.
      { name: "vpc-cni", configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) },
      { name: "coredns" },
      { name: "kube-proxy" },
      { name: "metrics-server" },
    ],
    managedNodeGroups: [
      {
        name: "default",
        instanceType: "m7g.large",
        amiFamily: "AmazonLinux2023",
        minSize: 3,
        desiredCapacity: 3,
        maxSize: 9,
        privateNetworking: true,
        volumeEncrypted: true,
        labels: { "switchyard.dev/pool": "default" },
      },
    ],
    cloudWatch: { clusterLogging: { enableTypes: ["api", "audit", "authenticator"] } },
  };
}
