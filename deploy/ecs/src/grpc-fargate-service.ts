import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { IVpc } from "aws-cdk-lib/aws-ec2";
import { Peer, Port, SecurityGroup, SubnetType } from "aws-cdk-lib/aws-ec2";
import { Repository } from "aws-cdk-lib/aws-ecr";
import {
  AppProtocol,
  ContainerImage,
  CpuArchitecture,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  Secret as EcsSecret,
  OperatingSystemFamily,
  Protocol,
  type ICluster,
} from "aws-cdk-lib/aws-ecs";
import {
  ApplicationProtocol,
  ApplicationProtocolVersion,
  ApplicationTargetGroup,
  ListenerAction,
  ListenerCondition,
  Protocol as ElbProtocol,
  type ApplicationListener,
  TargetGroupLoadBalancingAlgorithmType,
  TargetType,
} from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { ManagedPolicy } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays, type ILogGroup } from "aws-cdk-lib/aws-logs";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import {
  albHealthCheck,
  collectorImage,
  containerUserId,
  deregistrationDelaySeconds,
  ecsStopTimeoutSeconds,
  healthyGrpcCodes,
  livenessCommand,
  loadBalancerProbePath,
  otlpGrpcPort,
  renderCollectorConfig,
  productionRuntimeEnvironment,
  runtimeEnvironment,
  type DeployedService,
} from "@switchyard/deploy-settings";
import { databaseUrlVariable, dependencyAddress } from "@switchyard/topology";
import { addDeploymentAlarms } from "./deployment-alarms.js";

/** Name of the container port mapping; Service Connect refers to it. */
export const grpcPortMappingName = "grpc";

/** Options for {@link GrpcFargateService}. */
export interface GrpcFargateServiceOptions {
  /** The service as the topology and deploy settings describe it. */
  readonly service: DeployedService;
  readonly vpc: IVpc;
  readonly cluster: ICluster;
  /** CPU architecture of the task; the image must be built for it. */
  readonly cpuArchitecture: CpuArchitecture;
  /** Image tag in the ECR repository `switchyard/<service>`. */
  readonly imageTag: string;
  /** Encrypts the service's CloudWatch log group. */
  readonly logKey: IKey;
  /** The log group the telemetry collector writes the service's metrics to (embedded metric format). */
  readonly metricsLogGroup: ILogGroup;
  /** The ALB's HTTPS listener: one rule per gRPC service forwards to this service. */
  readonly listener: ApplicationListener;
  /** Priority of the first listener rule; the next gRPC services take the following ones. */
  readonly firstRulePriority: number;
  /**
   * The platform's database, given to a service that owns data: `DATABASE_URL` in its
   * environment, `PGUSER` and `PGPASSWORD` as ECS secrets from the credentials' secret.
   */
  readonly database?: { readonly url: string; readonly secret: ISecret };
  /** Who may call it (`AUTH_*`, see `PlatformIdentity`): variables, and secrets ECS reads at task start. */
  readonly auth?: {
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets?: Readonly<Record<string, EcsSecret>>;
  };
}

/**
 * One Fargate service serving gRPC on its topology port: task definition
 * (read-only root file system, logs to CloudWatch, drain timings in the
 * environment, stopTimeout derived from them), a security group that admits
 * nothing until the load balancer or a client is allowed in, a gRPC target
 * group (HTTP/2 cleartext to the task, health-checked through the runtime's
 * load-balancer probe), a Service Connect endpoint `<name>:<port>` for
 * other services, an ADOT collector sidecar that sends the service's traces to
 * X-Ray and its metrics to CloudWatch, and deployment alarms that roll a
 * deployment back. CDK constructs are classes by convention; this follows it.
 */
export class GrpcFargateService extends Construct {
  /** The ECS service. */
  readonly fargateService: FargateService;
  /** The gRPC target group the ALB's listener rules forward to. */
  readonly targetGroup: ApplicationTargetGroup;
  /** The tasks' security group. */
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, options: GrpcFargateServiceOptions) {
    super(scope, id);
    const { service, database } = options;

    const taskDefinition = new FargateTaskDefinition(this, "TaskDefinition", {
      cpu: service.sizing.cpuUnits,
      memoryLimitMiB: service.sizing.memoryMiB,
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
    const repository = Repository.fromRepositoryName(this, "Repository", `switchyard/${service.name}`);
    taskDefinition.addContainer("app", {
      containerName: service.name,
      image: ContainerImage.fromEcrRepository(repository, options.imageTag),
      essential: true,
      // Matches the image's USER; the process never runs as root.
      user: `${containerUserId}:${containerUserId}`,
      readonlyRootFilesystem: true,
      environment: {
        ...runtimeEnvironment(
          service,
          // Service Connect gives each dependency the DNS name <name> on its topology port,
          // answered by the local Service Connect proxy, which balances every request.
          (dependency) =>
            dependencyAddress(dependency.form, [{ host: dependency.name, port: dependency.port }]),
          // The collector sidecar: tasks share one network namespace (awsvpc), so loopback reaches it.
          { otlpEndpoint: `http://127.0.0.1:${otlpGrpcPort}` },
        ),
        ...productionRuntimeEnvironment,
        ...(database === undefined ? {} : { [databaseUrlVariable]: database.url }),
        ...options.auth?.environment,
      },
      // The credentials never enter the task definition: ECS reads them from Secrets Manager when
      // the task starts (the execution role may read this one secret), and pg takes them from
      // PGUSER and PGPASSWORD because DATABASE_URL names none.
      secrets: {
        ...(database === undefined
          ? {}
          : {
              PGUSER: EcsSecret.fromSecretsManager(database.secret, "username"),
              PGPASSWORD: EcsSecret.fromSecretsManager(database.secret, "password"),
            }),
        ...options.auth?.secrets,
      },
      portMappings: [
        {
          name: grpcPortMappingName,
          containerPort: service.port,
          protocol: Protocol.TCP,
          appProtocol: AppProtocol.grpc,
        },
      ],
      healthCheck: {
        // Liveness only (see livenessCommand): an unhealthy essential container makes ECS replace
        // the task, which must not happen to a draining task or to checkout while a dependency is
        // down. Serving state is the ALB health check's job.
        command: ["CMD-SHELL", livenessCommand(service.port)],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
      stopTimeout: Duration.seconds(ecsStopTimeoutSeconds()),
      logging: LogDrivers.awsLogs({ logGroup, streamPrefix: service.name }),
    });

    // Telemetry: the AWS Distro for OpenTelemetry collector beside the service. Not
    // essential: a collector that fails costs traces, never the task serving calls.
    taskDefinition.addContainer("otel-collector", {
      containerName: "otel-collector",
      image: ContainerImage.fromRegistry(collectorImage),
      essential: false,
      readonlyRootFilesystem: true,
      user: `${containerUserId}:${containerUserId}`,
      // The configuration travels in the task definition (ADOT reads it from this variable);
      // its receiver listens on the task's loopback only.
      command: ["--config=env:AOT_CONFIG_CONTENT"],
      environment: {
        AOT_CONFIG_CONTENT: renderCollectorConfig({
          listenAddress: "127.0.0.1",
          metricsLogGroup: options.metricsLogGroup.logGroupName,
        }),
      },
      memoryReservationMiB: 64,
      logging: LogDrivers.awsLogs({ logGroup, streamPrefix: `${service.name}-otel-collector` }),
    });
    // X-Ray has no resource-level permissions: AWS's managed policy for trace writers.
    taskDefinition.taskRole.addManagedPolicy(
      ManagedPolicy.fromAwsManagedPolicyName("AWSXRayDaemonWriteAccess"),
    );
    options.metricsLogGroup.grantWrite(taskDefinition.taskRole);

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      vpc: options.vpc,
      description: `${service.name} tasks: gRPC ${service.port} from the ALB and Service Connect clients only`,
      allowAllOutbound: false,
    });
    // Out: HTTPS only (ECR image pulls, CloudWatch Logs, AWS APIs through the NAT gateway);
    // calls to dependencies are allowed per dependency by the stack.
    this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs and ECR");

    this.fargateService = new FargateService(this, "Service", {
      cluster: options.cluster,
      taskDefinition,
      desiredCount: service.sizing.minReplicas,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      // Time for Node to start and report SERVING before failing ALB checks count.
      healthCheckGracePeriod: Duration.seconds(30),
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      enableExecuteCommand: false,
      serviceConnectConfiguration: {
        services: [
          {
            portMappingName: grpcPortMappingName,
            dnsName: service.name,
            port: service.port,
            // Envoy's 15 s default per-request timeout would end every longer stream;
            // 0 disables it and the callers' gRPC deadlines bound each call instead.
            perRequestTimeout: Duration.seconds(0),
            // Longer than the streams' heartbeat period, like the ALB's idle timeout.
            idleTimeout: Duration.seconds(300),
          },
        ],
        logDriver: LogDrivers.awsLogs({ logGroup, streamPrefix: `${service.name}-service-connect` }),
      },
    });

    this.targetGroup = new ApplicationTargetGroup(this, "TargetGroup", {
      vpc: options.vpc,
      // No targetGroupName: changing the protocol version replaces a target group,
      // which fails when the name is fixed.
      targetType: TargetType.IP,
      protocol: ApplicationProtocol.HTTP,
      protocolVersion: ApplicationProtocolVersion.GRPC,
      port: service.port,
      deregistrationDelay: Duration.seconds(deregistrationDelaySeconds()),
      // Round robin, explicitly, over least_outstanding_requests: a server stream (catalog's
      // WatchStockLevels) is one outstanding request for its whole, mostly idle life, so LOR
      // would steer unary calls away from targets that merely hold streams; and LOR sends a new
      // target every request until it catches up, with no slow start to soften it (the two
      // cannot be combined) while Node is still warming up. Calls here are short and alike.
      loadBalancingAlgorithmType: TargetGroupLoadBalancingAlgorithmType.ROUND_ROBIN,
      healthCheck: {
        enabled: true,
        protocol: ElbProtocol.HTTP,
        path: loadBalancerProbePath,
        healthyGrpcCodes,
        interval: Duration.seconds(albHealthCheck.intervalSeconds),
        timeout: Duration.seconds(albHealthCheck.timeoutSeconds),
        healthyThresholdCount: albHealthCheck.healthyThresholdCount,
        unhealthyThresholdCount: albHealthCheck.unhealthyThresholdCount,
      },
    });
    this.targetGroup.addTarget(
      this.fargateService.loadBalancerTarget({ containerName: service.name, containerPort: service.port }),
    );

    service.albPathPatterns.forEach((pathPattern, index) => {
      // A gRPC target group can only be the target of a forward action on an HTTPS listener.
      options.listener.addAction(`${service.name}-route-${index}`, {
        priority: options.firstRulePriority + index,
        conditions: [ListenerCondition.pathPatterns([pathPattern])],
        action: ListenerAction.forward([this.targetGroup]),
      });
    });

    addDeploymentAlarms(this, service.name, this.fargateService, this.targetGroup);

    const scaling = this.fargateService.autoScaleTaskCount({
      minCapacity: service.sizing.minReplicas,
      maxCapacity: service.sizing.maxReplicas,
    });
    scaling.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: service.sizing.targetCpuPercent });
    scaling.scaleOnRequestCount("Requests", {
      requestsPerTarget: service.sizing.requestsPerTargetPerMinute,
      targetGroup: this.targetGroup,
    });
  }
}
