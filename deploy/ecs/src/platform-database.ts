import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Port, SecurityGroup, SubnetType, type IConnectable, type IVpc } from "aws-cdk-lib/aws-ec2";
import type { IKey } from "aws-cdk-lib/aws-kms";
import {
  AuroraPostgresEngineVersion,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
  ParameterGroup,
} from "aws-cdk-lib/aws-rds";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { databaseSettings, databaseUrl } from "@switchyard/deploy-settings";
import { skipCheckovChecks } from "./checkov-skips.js";

/** Options for {@link PlatformDatabase}. */
export interface PlatformDatabaseOptions {
  readonly vpc: IVpc;
  /** Encrypts the storage, the generated credentials, Performance Insights and the exported logs. */
  readonly key: IKey;
  /** Deletion protection; default true. False lets `cdk destroy` remove a test stack (a snapshot is kept). */
  readonly deletionProtection?: boolean;
}

/**
 * Aurora PostgreSQL Serverless v2 for the services that own data: a writer and a reader
 * in another availability zone, in the VPC's private subnets, storage and credentials
 * encrypted with the stack's key, 14 days of backups, deletion protection, and a security
 * group that admits nobody until {@link allowFrom} lets a service in.
 *
 * Aurora Serverless v2 rather than RDS PostgreSQL: capacity follows load in half-ACU steps
 * (0.5 to 8 ACU here) without instance resizing or downtime, so a reference deployment costs
 * little when idle and absorbs a load test; storage is replicated over three zones by Aurora
 * itself, and the reader is promoted in about 30 s if the writer's zone fails. An RDS
 * instance with Multi-AZ would need a size chosen up front and fails over more slowly.
 */
export class PlatformDatabase extends Construct {
  /** The cluster. */
  readonly cluster: DatabaseCluster;
  /** The generated master credentials (JSON: `username`, `password`, `host`, `port`, `dbname`). */
  readonly secret: ISecret;
  /** `DATABASE_URL` of the services: the writer endpoint, no credentials (they come from the secret). */
  readonly url: string;
  private readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, options: PlatformDatabaseOptions) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      vpc: options.vpc,
      description: "Switchyard PostgreSQL: only from the services that own data",
      // A database answers; it never opens connections of its own.
      allowAllOutbound: false,
    });
    const engine = DatabaseClusterEngine.auroraPostgres({ version: AuroraPostgresEngineVersion.VER_17_5 });
    const deletionProtection = options.deletionProtection ?? true;
    this.cluster = new DatabaseCluster(this, "Cluster", {
      engine,
      writer: ClusterInstance.serverlessV2("writer", {
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: options.key,
        autoMinorVersionUpgrade: true,
      }),
      // Same capacity as the writer, so a failover never lands on a smaller instance.
      readers: [
        ClusterInstance.serverlessV2("reader", {
          scaleWithWriter: true,
          enablePerformanceInsights: true,
          performanceInsightEncryptionKey: options.key,
          autoMinorVersionUpgrade: true,
        }),
      ],
      // Half an ACU is Aurora's smallest; eight carries the services' pools (10 connections per
      // task, DATABASE_POOL_MAX) at the autoscalers' maximum of 10 tasks per service.
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 8,
      vpc: options.vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      port: databaseSettings.port,
      defaultDatabaseName: databaseSettings.name,
      credentials: Credentials.fromGeneratedSecret(databaseSettings.user, { encryptionKey: options.key }),
      storageEncrypted: true,
      storageEncryptionKey: options.key,
      // IAM database authentication on: operators can sign in with short-lived tokens instead
      // of the master password.
      iamAuthentication: true,
      backup: { retention: Duration.days(14), preferredWindow: "03:00-04:00" },
      preferredMaintenanceWindow: "sun:04:30-sun:05:30",
      deletionProtection,
      // Even a test stack (deletion protection off) leaves a final snapshot when destroyed.
      removalPolicy: RemovalPolicy.SNAPSHOT,
      cloudwatchLogsExports: ["postgresql"],
      // Enhanced Monitoring: the OS metrics of each instance (CPU steal, memory, I/O) every minute.
      monitoringInterval: Duration.seconds(60),
      copyTagsToSnapshot: true,
      parameterGroup: new ParameterGroup(this, "Parameters", {
        engine,
        description: "Switchyard: TLS only, slow statements and connections logged",
        parameters: {
          // Clients must encrypt (DATABASE_URL carries sslmode); plaintext connections are refused.
          "rds.force_ssl": "1",
          // Statements over 1 s are logged: the services' own statement timeout is 5 s.
          log_min_duration_statement: "1000",
          log_connections: "1",
          log_disconnections: "1",
        },
      }),
    });
    const secret = this.cluster.secret;
    if (secret === undefined) throw new Error("the database cluster has no generated secret");
    this.secret = secret;
    this.url = databaseUrl(this.cluster.clusterEndpoint.hostname, databaseSettings.cloudSslMode);

    skipCheckovChecks(this.cluster, [
      {
        id: "CKV2_AWS_8",
        comment:
          "Backups are Aurora's own (14 days, point in time, a final snapshot on removal); an AWS Backup plan is an account-level choice.",
      },
      {
        id: "CKV2_AWS_27",
        comment:
          "Statements slower than 1 s, connections and disconnections are logged (log_min_duration_statement); logging every statement would log order data.",
      },
    ]);
    skipCheckovChecks(secret, [
      {
        id: "CKV2_AWS_57",
        comment:
          "ECS injects the secret when a task starts, so a rotated password would reach running tasks only when they are replaced: rotate by changing the secret and redeploying.",
      },
    ]);
  }

  /** Lets `peer` (a service that owns data) connect on PostgreSQL's port; nobody else can. */
  allowFrom(peer: IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(peer, Port.tcp(databaseSettings.port), description);
  }
}
