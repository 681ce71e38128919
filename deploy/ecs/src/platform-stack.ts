import { CfnOutput, CfnParameter, CfnResource, Duration, Stack, type StackProps } from "aws-cdk-lib";
import { IpAddresses, Peer, Port, SecurityGroup, SubnetType, Vpc, type IVpc } from "aws-cdk-lib/aws-ec2";
import { Cluster, ContainerInsights, CpuArchitecture } from "aws-cdk-lib/aws-ecs";
import {
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ListenerAction,
  ListenerCertificate,
  SslPolicy,
} from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Key } from "aws-cdk-lib/aws-kms";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import {
  albHttpsPort,
  albIdleTimeoutSeconds,
  albSslPolicy,
  deployedServices,
  webGatewayName,
  webGatewayPort,
  type DeployedService,
} from "@switchyard/deploy-settings";
import { createAccessLogBucket } from "./access-log-bucket.js";
import { GrpcFargateService } from "./grpc-fargate-service.js";
import { LoadBalancerFirewall } from "./load-balancer-firewall.js";
import { PlatformDatabase } from "./platform-database.js";
import { PlatformIdentity } from "./platform-identity.js";
import { skipCheckovChecks } from "./checkov-skips.js";
import { WebGatewayService } from "./web-gateway-service.js";

/** Options for {@link PlatformStack}. */
export interface PlatformStackOptions extends StackProps {
  /** The services to run; default: every service of the topology. */
  readonly services?: readonly DeployedService[];
  /** Import this VPC (it needs public and private-with-egress subnets) instead of creating one. */
  readonly vpcId?: string;
  /** Task CPU architecture. Default ARM64 (Graviton: cheaper per vCPU); X86_64 for amd64-only images. */
  readonly cpuArchitecture?: "ARM64" | "X86_64";
  /** ALB and database deletion protection. Default true; false lets `cdk destroy` remove a test stack. */
  readonly deletionProtection?: boolean;
}

/** The CDK enum member for a TLS policy name; throws for a name this aws-cdk-lib does not know. */
function sslPolicy(name: string): SslPolicy {
  const policies = Object.values(SslPolicy);
  const names: readonly string[] = policies;
  const policy = policies[names.indexOf(name)];
  if (policy === undefined) throw new Error(`unknown ALB TLS policy ${name}`);
  return policy;
}

/** Listener rule priorities per service: room for this many gRPC services each. */
const rulePrioritiesPerService = 10;

/**
 * The first of the services' gRPC rules. The web gateway's rules (1 up to here) come first:
 * they match the same paths, narrowed by content type or method, and the ALB takes the
 * first rule that matches.
 */
const firstGrpcRulePriority = 1000;

/** Availability zones of a VPC the stack creates: the ALB needs two; each gets its own NAT gateway. */
const availabilityZoneCount = 2;

/**
 * What `ImageTag` accepts: an explicit tag, never `latest` (a moving tag would
 * let a task replacement run a different build than the deployment that placed it).
 */
export const imageTagPattern = "^(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

/**
 * CDK's provider for the custom resource that strips the default security
 * group's rules (feature flag `@aws-cdk/aws-ec2:restrictDefaultSecurityGroup`):
 * the checkov findings that do not apply to it, with why, and the DependsOn it
 * renders beside a GetAtt of the same role (cfn-lint W3005) removed.
 */
function annotateRestrictDefaultSecurityGroupProvider(stack: Stack): void {
  const provider = stack.node.tryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider");
  if (provider === undefined) return;
  const handler = provider.node.tryFindChild("Handler");
  const role = provider.node.tryFindChild("Role");
  if (!(handler instanceof CfnResource) || !(role instanceof CfnResource)) return;
  handler.removeResourceDependency(role);
  const reason =
    "CDK's provider for a one-time custom resource: CloudFormation invokes it only while deploying the stack";
  skipCheckovChecks(handler, [
    {
      id: "CKV_AWS_115",
      comment: `${reason}, one call at a time; a concurrency reservation would only take account capacity.`,
    },
    {
      id: "CKV_AWS_116",
      comment: `${reason} and waits for its answer; a failed call fails the deployment, there is nothing to dead-letter.`,
    },
    {
      id: "CKV_AWS_117",
      comment: `${reason}; it only calls the EC2 API and needs no access to the VPC's resources.`,
    },
  ]);
}

/**
 * The Switchyard platform on ECS Fargate: a VPC (new or imported), an ECS
 * cluster with a Service Connect namespace, one {@link GrpcFargateService} per
 * topology service, and an internet-facing ALB with an HTTPS :443 listener
 * (certificate ARN from the `CertificateArn` parameter, TLS 1.3/1.2 policy)
 * whose rules route each gRPC service prefix to its target group, and access
 * logs in S3, and Aurora PostgreSQL for the services that own data ({@link PlatformDatabase}),
 * and the {@link WebGatewayService} that carries browsers' gRPC-Web to the services.
 * There is no HTTP listener: gRPC clients do not follow redirects.
 * The image tag comes from the `ImageTag` parameter (required, never `latest`).
 */
export class PlatformStack extends Stack {
  /** The load balancer clients call (`<dns name>:443`). */
  readonly loadBalancer: ApplicationLoadBalancer;
  /** The services, by topology name. */
  readonly services: ReadonlyMap<string, GrpcFargateService>;
  /** The PostgreSQL of the services that own data; undefined when none does. */
  readonly database: PlatformDatabase | undefined;
  /** Envoy for browsers: gRPC-Web from the ALB to the services. */
  readonly webGateway: WebGatewayService;

  constructor(scope: Construct, id: string, options: PlatformStackOptions = {}) {
    super(scope, id, options);
    const services = options.services ?? deployedServices();

    const certificateArn = new CfnParameter(this, "CertificateArn", {
      type: "String",
      description: "ACM certificate for the HTTPS listener (gRPC target groups require HTTPS).",
      allowedPattern: "^arn:aws[a-zA-Z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$",
    });
    const imageTag = new CfnParameter(this, "ImageTag", {
      type: "String",
      description: "Tag of the images in the ECR repositories switchyard/<service> (explicit; never latest).",
      allowedPattern: imageTagPattern,
      constraintDescription: "an explicit image tag such as 1.0.0 or a commit sha; latest is refused",
    });

    const vpc: IVpc =
      options.vpcId === undefined
        ? new Vpc(this, "Vpc", {
            ipAddresses: IpAddresses.cidr("10.40.0.0/16"),
            maxAzs: availabilityZoneCount,
            // One NAT gateway per zone: tasks pull images, write logs and reach AWS APIs through
            // the NAT of their own zone, so losing one zone never cuts the others off.
            natGateways: availabilityZoneCount,
            subnetConfiguration: [
              { name: "public", subnetType: SubnetType.PUBLIC, cidrMask: 24 },
              { name: "private", subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
            ],
          })
        : Vpc.fromLookup(this, "Vpc", { vpcId: options.vpcId });

    const cluster = new Cluster(this, "Cluster", {
      vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
      // Service Connect: every service registers <name>:<port> in this Cloud Map namespace.
      defaultCloudMapNamespace: { name: "switchyard.internal", useForServiceConnect: true },
    });

    const logKey = new Key(this, "LogKey", {
      description: "Encrypts the Switchyard services' CloudWatch log groups",
      enableKeyRotation: true,
    });
    logKey.grantEncryptDecrypt(new ServicePrincipal(`logs.${this.region}.amazonaws.com`));

    // HTTPS only: gRPC clients do not follow redirects, so an HTTP :80 listener would only
    // open a port (the EKS Ingress listens on 443 alone as well).
    const albSecurityGroup = new SecurityGroup(this, "LoadBalancerSecurityGroup", {
      vpc,
      description: "Switchyard ALB: HTTPS from clients; out only to task ports",
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(albHttpsPort), "gRPC over HTTPS");

    this.loadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", {
      vpc,
      internetFacing: true,
      securityGroup: albSecurityGroup,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      // See albIdleTimeoutSeconds: 3 × the stream heartbeat, shorter than the runtime's idle timeout.
      idleTimeout: Duration.seconds(albIdleTimeoutSeconds),
      http2Enabled: true,
      dropInvalidHeaderFields: true,
      deletionProtection: options.deletionProtection ?? true,
    });

    // Every request the ALB answers, also those no service sees (404s, 464s, 502s), to S3.
    this.loadBalancer.logAccessLogs(createAccessLogBucket(this, "AccessLogs"), "alb");

    const listener = this.loadBalancer.addListener("Https", {
      protocol: ApplicationProtocol.HTTPS,
      port: albHttpsPort,
      certificates: [ListenerCertificate.fromArn(certificateArn.valueAsString)],
      sslPolicy: sslPolicy(albSslPolicy),
      open: false,
      // A path no rule matches is no gRPC service here: 404, which gRPC clients read as UNIMPLEMENTED.
      defaultAction: ListenerAction.fixedResponse(404, {
        contentType: "text/plain",
        messageBody: "no route",
      }),
    });

    // The services' metrics, written by their collectors in the embedded metric format.
    const metricsLogGroup = new LogGroup(this, "MetricsLogs", {
      retention: RetentionDays.ONE_MONTH,
      encryptionKey: logKey,
    });

    // Aurora PostgreSQL for the services that own data (ownsData in the topology), only they may reach it.
    const dataOwners = services.filter((service) => service.ownsData === true);
    this.database =
      dataOwners.length === 0
        ? undefined
        : new PlatformDatabase(this, "Database", {
            vpc,
            key: new Key(this, "DatabaseKey", {
              description: "Encrypts the Switchyard database: storage, credentials, Performance Insights",
              enableKeyRotation: true,
            }),
            deletionProtection: options.deletionProtection ?? true,
          });
    const database = this.database;

    // Who may call what: Cognito issues the tokens, every service checks them (see PlatformIdentity).
    const identity = new PlatformIdentity(this, "Identity", {
      services,
      key: logKey,
      deletionProtection: options.deletionProtection ?? true,
    });
    new LoadBalancerFirewall(this, "Firewall", {
      loadBalancerArn: this.loadBalancer.loadBalancerArn,
      logKey,
    });

    const cpuArchitecture =
      options.cpuArchitecture === "X86_64" ? CpuArchitecture.X86_64 : CpuArchitecture.ARM64;
    const byName = new Map<string, GrpcFargateService>();
    services.forEach((service, index) => {
      const fargate = new GrpcFargateService(this, service.name, {
        service,
        vpc,
        cluster,
        cpuArchitecture,
        imageTag: imageTag.valueAsString,
        logKey,
        metricsLogGroup,
        listener,
        firstRulePriority: firstGrpcRulePriority + index * rulePrioritiesPerService,
        ...(database !== undefined && service.ownsData === true
          ? { database: { url: database.url, secret: database.secret } }
          : {}),
        auth:
          service.name === "checkout"
            ? {
                environment: { ...identity.serviceEnvironment, ...identity.checkoutEnvironment },
                secrets: identity.checkoutSecrets,
              }
            : { environment: identity.serviceEnvironment },
      });
      if (database !== undefined && service.ownsData === true) {
        database.allowFrom(fargate.securityGroup, `PostgreSQL from ${service.name}`);
      }
      // The ALB reaches the tasks on the service port only, and nothing else.
      fargate.securityGroup.connections.allowFrom(
        albSecurityGroup,
        Port.tcp(service.port),
        "gRPC from the ALB",
      );
      byName.set(service.name, fargate);
    });
    for (const service of services) {
      const client = byName.get(service.name);
      for (const dependency of service.dependencies) {
        const server = byName.get(dependency.name);
        if (client === undefined || server === undefined) continue;
        // Service Connect: the client's proxy calls the server task's proxy on the service port.
        server.securityGroup.connections.allowFrom(
          client.securityGroup,
          Port.tcp(dependency.port),
          `gRPC from ${service.name} (Service Connect)`,
        );
        // Service Connect waits for the server's namespace entry.
        client.fargateService.node.addDependency(server.fargateService);
      }
    }
    this.services = byName;

    // Browsers: gRPC-Web through Envoy (see WebGatewayService); the storefront calls the ALB's
    // name from its own origin, which CORS admits.
    const storefrontOrigin = new CfnParameter(this, "StorefrontOrigin", {
      type: "String",
      description:
        "Origin of the storefront page (https://<host>) that calls the API with gRPC-Web; CORS admits only it.",
      allowedPattern: "^https://[a-z0-9.-]+(:[0-9]+)?$",
      constraintDescription: "https://<host>[:port], lower case, without a path",
    });
    this.webGateway = new WebGatewayService(this, "WebGateway", {
      services,
      vpc,
      cluster,
      cpuArchitecture,
      logKey,
      listener,
      firstRulePriority: 1,
      storefrontOrigins: [storefrontOrigin.valueAsString],
    });
    this.webGateway.securityGroup.connections.allowFrom(
      albSecurityGroup,
      Port.tcp(webGatewayPort),
      "gRPC-Web from the ALB",
    );
    for (const service of services) {
      const server = byName.get(service.name);
      if (server === undefined) continue;
      // Service Connect: the gateway's proxy calls the service task's proxy on the service port.
      server.securityGroup.connections.allowFrom(
        this.webGateway.securityGroup,
        Port.tcp(service.port),
        `gRPC from the ${webGatewayName} (Service Connect)`,
      );
      this.webGateway.fargateService.node.addDependency(server.fargateService);
    }
    annotateRestrictDefaultSecurityGroupProvider(this);

    new CfnOutput(this, "LoadBalancerDnsName", {
      value: this.loadBalancer.loadBalancerDnsName,
      description: "Point the certificate's DNS name at this (alias or CNAME); clients call <that name>:443",
    });
  }
}
