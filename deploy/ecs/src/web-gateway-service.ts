import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Peer, Port, SecurityGroup, SubnetType, type IVpc } from "aws-cdk-lib/aws-ec2";
import {
  ContainerImage,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
  Protocol,
  type CpuArchitecture,
  type ICluster,
} from "aws-cdk-lib/aws-ecs";
import {
  ApplicationProtocol,
  ApplicationProtocolVersion,
  ApplicationTargetGroup,
  ListenerAction,
  ListenerCondition,
  Protocol as ElbProtocol,
  TargetGroupLoadBalancingAlgorithmType,
  TargetType,
  type ApplicationListener,
} from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { frontProxyContainerMemoryMiB, renderWebGatewayConfig } from "@switchyard/envoy-config";
import { parse, stringify } from "yaml";
import { addDeploymentAlarms } from "./deployment-alarms.js";
import {
  albHealthCheck,
  deregistrationDelaySeconds,
  envoyImage,
  envoyImageUserId,
  grpcWebContentTypes,
  envoyAdminPort,
  webGatewayHealthPath,
  webGatewayName,
  webGatewayPort,
  type DeployedService,
} from "@switchyard/deploy-settings";

/** Options for {@link WebGatewayService}. */
export interface WebGatewayServiceOptions {
  /** The services the gateway routes to (their Service Connect names and ports). */
  readonly services: readonly DeployedService[];
  readonly vpc: IVpc;
  /** The cluster, whose default Cloud Map namespace carries Service Connect. */
  readonly cluster: ICluster;
  readonly cpuArchitecture: CpuArchitecture;
  /** Encrypts the gateway's CloudWatch log group. */
  readonly logKey: IKey;
  /** The ALB's HTTPS listener. */
  readonly listener: ApplicationListener;
  /**
   * Priority of the gateway's first listener rule. Its rules must come before the services'
   * gRPC rules, which match the same paths by path alone.
   */
  readonly firstRulePriority: number;
  /** The storefront's origins (`https://<host>`), which CORS admits; the page calls the ALB across origins. */
  readonly storefrontOrigins: readonly string[];
}

/** The smallest memory size (MiB) Fargate offers with 0.25 vCPU (512, 1024 or 2048) that holds `atLeast`. */
function fargateMemoryFor256Cpu(atLeast: number): number {
  const size = [512, 1024, 2048].find((mib) => mib >= atLeast);
  if (size === undefined) throw new Error(`no Fargate memory size with 0.25 vCPU holds ${atLeast} MiB`);
  return size;
}

/** Tasks the gateway runs at least: one per zone of the ALB, so a zone loss leaves one serving. */
const minTasks = 2;
const maxTasks = 6;

/**
 * The web gateway on ECS: Envoy on Fargate (the front proxy's configuration as a web
 * gateway, `renderWebGatewayConfig`) reaching every service through Service Connect (`<name>:<port>`,
 * as the services reach each other), behind the ALB on an HTTP/1.1 target group. Listener
 * rules send a service path to the gateway when its `content-type` is gRPC-Web, or when it
 * is a CORS preflight (OPTIONS); plain gRPC on the same paths keeps going to the services'
 * gRPC target groups, which would answer gRPC-Web and HTTP/1.1 with 464.
 * CDK constructs are classes by convention; this follows it.
 */
export class WebGatewayService extends Construct {
  /** The ECS service running Envoy. */
  readonly fargateService: FargateService;
  /** The HTTP/1.1 target group the gRPC-Web and preflight rules forward to. */
  readonly targetGroup: ApplicationTargetGroup;
  /** The tasks' security group: admits nothing until the stack allows the ALB in. */
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, options: WebGatewayServiceOptions) {
    super(scope, id);

    const taskDefinition = new FargateTaskDefinition(this, "TaskDefinition", {
      // The smallest CPU size, scaled out on CPU below; the smallest memory Fargate pairs with it
      // that is above frontProxyContainerMemoryMiB (the overload manager's heap bound plus Envoy's
      // other memory), so Envoy sheds load before the task runs out of memory.
      cpu: 256,
      memoryLimitMiB: fargateMemoryFor256Cpu(frontProxyContainerMemoryMiB),
      runtimePlatform: {
        cpuArchitecture: options.cpuArchitecture,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    const logGroup = new LogGroup(this, "Logs", {
      retention: RetentionDays.ONE_MONTH,
      encryptionKey: options.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const renderedConfig = renderWebGatewayConfig({
      // Service Connect answers <name>:<port> in every task of the namespace, through the task's
      // own proxy, which balances each request over the service's healthy tasks.
      services: options.services.map((service) => ({
        name: service.name,
        grpcServices: service.grpcServices,
        endpoints: [{ host: service.name, port: service.port }],
        discovery: "balancing-proxy",
      })),
      listenerPort: webGatewayPort,
      adminPort: envoyAdminPort,
      healthPath: webGatewayHealthPath,
      allowedOrigins: options.storefrontOrigins,
    });
    // The same configuration in YAML's flow style: no comments or indentation, and few quotes to
    // escape in the task definition's JSON (about 35 KB, half the commented form).
    const config = stringify(parse(renderedConfig), { lineWidth: 0, collectionStyle: "flow" });
    taskDefinition.addContainer("envoy", {
      containerName: "envoy",
      image: ContainerImage.fromRegistry(envoyImage),
      essential: true,
      // The image's entrypoint runs `envoy` with these arguments. The configuration travels in
      // the task definition itself, without a file, volume or fetch at start; a test keeps the
      // task definition under ECS's 64 KiB limit.
      command: ["--config-yaml", config, "--disable-hot-restart", "--log-level", "warn"],
      user: `${envoyImageUserId}:${envoyImageUserId}`,
      readonlyRootFilesystem: true,
      portMappings: [{ name: "http", containerPort: webGatewayPort, protocol: Protocol.TCP }],
      // No container health check: the image has no HTTP client, and the ALB's health check on
      // webGatewayHealthPath already makes ECS replace a task that stops answering.
      // Envoy ends at once on SIGTERM; ECS sends it only after the deregistration delay.
      stopTimeout: Duration.seconds(10),
      logging: LogDrivers.awsLogs({ logGroup, streamPrefix: webGatewayName }),
    });

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      vpc: options.vpc,
      description: `${webGatewayName} tasks: HTTP ${webGatewayPort} from the ALB only`,
      allowAllOutbound: false,
    });
    // Out: HTTPS for the image pull (ECR Public through the NAT) and CloudWatch Logs; calls to
    // the services are allowed per service by the stack.
    this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to ECR Public and AWS APIs");

    this.fargateService = new FargateService(this, "Service", {
      cluster: options.cluster,
      taskDefinition,
      desiredCount: minTasks,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      // Envoy listens within a second; two health checks (10 s) put it in service.
      healthCheckGracePeriod: Duration.seconds(15),
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      enableExecuteCommand: false,
      // A Service Connect client only: it calls the services' names and registers none itself.
      serviceConnectConfiguration: {
        logDriver: LogDrivers.awsLogs({ logGroup, streamPrefix: `${webGatewayName}-service-connect` }),
      },
    });

    this.targetGroup = new ApplicationTargetGroup(this, "TargetGroup", {
      vpc: options.vpc,
      targetType: TargetType.IP,
      protocol: ApplicationProtocol.HTTP,
      // HTTP/1.1 to Envoy: the ALB accepts browsers on HTTP/1.1 and HTTP/2 for an HTTP1 group
      // (an HTTP2 or GRPC group answers HTTP/1.1 with 464); gRPC-Web needs no HTTP/2 trailers.
      protocolVersion: ApplicationProtocolVersion.HTTP1,
      port: webGatewayPort,
      // As for the services: the ALB stops sending new calls at once; open streams keep the
      // target this long, then end, and the page reconnects to another task.
      deregistrationDelay: Duration.seconds(deregistrationDelaySeconds()),
      // See the services' target groups: long server streams make least-outstanding-requests skew.
      loadBalancingAlgorithmType: TargetGroupLoadBalancingAlgorithmType.ROUND_ROBIN,
      healthCheck: {
        enabled: true,
        protocol: ElbProtocol.HTTP,
        path: webGatewayHealthPath,
        healthyHttpCodes: "200",
        interval: Duration.seconds(albHealthCheck.intervalSeconds),
        timeout: Duration.seconds(albHealthCheck.timeoutSeconds),
        healthyThresholdCount: albHealthCheck.healthyThresholdCount,
        unhealthyThresholdCount: albHealthCheck.unhealthyThresholdCount,
      },
    });
    this.targetGroup.addTarget(
      this.fargateService.loadBalancerTarget({ containerName: "envoy", containerPort: webGatewayPort }),
    );

    // A rule has at most five condition values in all: one rule per path and kind of request.
    let priority = options.firstRulePriority;
    for (const service of options.services) {
      for (const pathPattern of service.albPathPatterns) {
        options.listener.addAction(`${webGatewayName}-${service.name}-${priority}-grpc-web`, {
          priority: priority++,
          conditions: [
            ListenerCondition.pathPatterns([pathPattern]),
            ListenerCondition.httpHeader("content-type", [...grpcWebContentTypes]),
          ],
          action: ListenerAction.forward([this.targetGroup]),
        });
        // The preflight a browser sends before a cross-origin call; gRPC never uses OPTIONS.
        options.listener.addAction(`${webGatewayName}-${service.name}-${priority}-preflight`, {
          priority: priority++,
          conditions: [
            ListenerCondition.pathPatterns([pathPattern]),
            ListenerCondition.httpRequestMethods(["OPTIONS"]),
          ],
          action: ListenerAction.forward([this.targetGroup]),
        });
      }
    }

    // As for the services: a gateway deployment whose tasks answer 5xx or fail the health check rolls back.
    addDeploymentAlarms(this, webGatewayName, this.fargateService, this.targetGroup);

    const scaling = this.fargateService.autoScaleTaskCount({ minCapacity: minTasks, maxCapacity: maxTasks });
    scaling.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 });
  }
}
