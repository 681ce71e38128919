import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import {
  albHealthCheck,
  albIdleTimeoutSeconds,
  albSslPolicy,
  containerUserId,
  deployedServices,
  deregistrationDelaySeconds,
  drainTimings,
  ecsStopTimeoutSeconds,
  healthyGrpcCodes,
  livenessCommand,
  loadBalancerProbePath,
  webGatewayPort,
} from "@switchyard/deploy-settings";
import { referenceTopology } from "@switchyard/testing";
import { parse } from "yaml";
import { synthesizePlatform } from "./synthesize-platform.js";
import { templateText } from "./template-text.js";

const services = deployedServices(referenceTopology);
const { template: json } = synthesizePlatform({ services });
const template = Template.fromJSON(json);

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resources = json["Resources"] as Resources;

function logicalIdOf(type: string, predicate: (properties: Record<string, unknown>) => boolean): string {
  const matches = Object.entries(resources).filter(
    ([, resource]) => resource.Type === type && predicate(resource.Properties),
  );
  assert.equal(matches.length, 1, `exactly one ${type} matches`);
  const [match] = matches;
  assert.ok(match);
  return match[0];
}

function targetGroupOf(port: number): string {
  return logicalIdOf("AWS::ElasticLoadBalancingV2::TargetGroup", (properties) => properties["Port"] === port);
}

describe("ALB listeners", () => {
  it("when clients connect, then :443 is HTTPS with the certificate parameter and the TLS 1.3 policy", () => {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Protocol: "HTTPS",
      Port: 443,
      SslPolicy: albSslPolicy,
      Certificates: [{ CertificateArn: { Ref: "CertificateArn" } }],
      DefaultActions: [
        Match.objectLike({
          Type: "fixed-response",
          FixedResponseConfig: Match.objectLike({ StatusCode: "404" }),
        }),
      ],
    });
    template.hasParameter("CertificateArn", { Type: "String" });
  });

  it("when a client uses :80, then nothing listens and no security group admits it", () => {
    // gRPC clients do not follow redirects: a redirect listener would only open a port.
    const listeners = Object.values(resources).filter(
      (resource) => resource.Type === "AWS::ElasticLoadBalancingV2::Listener",
    );
    assert.deepEqual(
      listeners.map((listener) => [listener.Properties["Protocol"], listener.Properties["Port"]]),
      [["HTTPS", 443]],
    );
    const alb = logicalIdOf("AWS::EC2::SecurityGroup", (properties) =>
      String(properties["GroupDescription"]).startsWith("Switchyard ALB"),
    );
    const open = resources[alb]?.Properties["SecurityGroupIngress"] as { FromPort: number; ToPort: number }[];
    assert.deepEqual(
      open.map((rule) => [rule.FromPort, rule.ToPort]),
      [[443, 443]],
    );
  });

  it("when the ALB answers a request, then its access log lands in an encrypted, private, expiring bucket", () => {
    const attributes = (
      Object.values(resources).find(
        (resource) => resource.Type === "AWS::ElasticLoadBalancingV2::LoadBalancer",
      )?.Properties["LoadBalancerAttributes"] as { Key: string; Value: unknown }[]
    ).filter((attribute) => attribute.Key.startsWith("access_logs.s3."));
    const byKey = new Map(attributes.map((attribute) => [attribute.Key, attribute.Value]));
    assert.equal(byKey.get("access_logs.s3.enabled"), "true");
    const bucketRef = byKey.get("access_logs.s3.bucket") as { Ref: string };
    const bucket = resources[bucketRef.Ref];
    assert.equal(bucket?.Type, "AWS::S3::Bucket");
    assert.deepEqual(bucket.Properties["BucketEncryption"], {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
    });
    assert.deepEqual(bucket.Properties["PublicAccessBlockConfiguration"], {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const rules = (bucket.Properties["LifecycleConfiguration"] as { Rules: { ExpirationInDays?: number }[] })
      .Rules;
    assert.ok(
      rules.some((rule) => (rule.ExpirationInDays ?? 0) > 0),
      "logs expire",
    );
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: bucketRef,
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Action: "s3:PutObject", Effect: "Allow" })]),
      }),
    });
  });

  it("when a release is deployed, then the image tag is explicit: no default, latest refused", () => {
    const parameter = (json["Parameters"] as Record<string, { Default?: string; AllowedPattern?: string }>)[
      "ImageTag"
    ];
    assert.ok(parameter);
    assert.equal(parameter.Default, undefined, "no default tag");
    const pattern = new RegExp(parameter.AllowedPattern ?? "");
    assert.ok(!pattern.test("latest"), "latest is refused");
    assert.ok(pattern.test("1.0.0") && pattern.test("3f2c1ab"), "release tags and commit shas pass");
  });

  it("when streams are quiet, then the idle timeout is the one the heartbeat is sized for", () => {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Scheme: "internet-facing",
      LoadBalancerAttributes: Match.arrayWith([
        { Key: "idle_timeout.timeout_seconds", Value: String(albIdleTimeoutSeconds) },
        { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" },
      ]),
    });
  });

  it("when a gRPC service is called, then exactly one rule forwards its prefix to its own target group", () => {
    for (const service of services) {
      for (const pathPattern of service.albPathPatterns) {
        // The rule that matches by path alone; the web gateway's narrow the same path by content type or method.
        const rule = logicalIdOf(
          "AWS::ElasticLoadBalancingV2::ListenerRule",
          (properties) =>
            JSON.stringify(properties["Conditions"]) ===
            JSON.stringify([{ Field: "path-pattern", PathPatternConfig: { Values: [pathPattern] } }]),
        );
        assert.deepEqual(resources[rule]?.Properties["Actions"], [
          { Type: "forward", TargetGroupArn: { Ref: targetGroupOf(service.port) } },
        ]);
      }
    }
  });
});

describe("gRPC target groups", () => {
  it("when the ALB checks a target, then it calls the load-balancer probe and accepts only OK", () => {
    for (const service of services) {
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
        Port: service.port,
        Protocol: "HTTP",
        ProtocolVersion: "GRPC",
        TargetType: "ip",
        HealthCheckEnabled: true,
        HealthCheckProtocol: "HTTP",
        HealthCheckPath: loadBalancerProbePath,
        Matcher: { GrpcCode: healthyGrpcCodes },
        HealthCheckIntervalSeconds: albHealthCheck.intervalSeconds,
        HealthCheckTimeoutSeconds: albHealthCheck.timeoutSeconds,
        HealthyThresholdCount: albHealthCheck.healthyThresholdCount,
        UnhealthyThresholdCount: albHealthCheck.unhealthyThresholdCount,
        TargetGroupAttributes: Match.arrayWith([
          { Key: "deregistration_delay.timeout_seconds", Value: String(deregistrationDelaySeconds()) },
        ]),
      });
    }
  });

  it("when a target group is declared, then it has no fixed name (a protocol change replaces it)", () => {
    for (const resource of Object.values(resources)) {
      if (resource.Type === "AWS::ElasticLoadBalancingV2::TargetGroup") {
        assert.equal(resource.Properties["Name"], undefined);
      }
    }
  });
});

describe("Fargate services", () => {
  it("when a task is defined, then its container port, health check and drain settings match the topology", () => {
    for (const service of services) {
      template.hasResourceProperties("AWS::ECS::TaskDefinition", {
        RequiresCompatibilities: ["FARGATE"],
        RuntimePlatform: { CpuArchitecture: "ARM64", OperatingSystemFamily: "LINUX" },
        ContainerDefinitions: Match.arrayWith([
          Match.objectLike({
            Name: service.name,
            User: `${containerUserId}:${containerUserId}`,
            ReadonlyRootFilesystem: true,
            PortMappings: [
              { Name: "grpc", ContainerPort: service.port, Protocol: "tcp", AppProtocol: "grpc" },
            ],
            StopTimeout: ecsStopTimeoutSeconds(),
            HealthCheck: Match.objectLike({
              Command: ["CMD-SHELL", livenessCommand(service.port)],
            }),
            LogConfiguration: Match.objectLike({ LogDriver: "awslogs" }),
            Environment: Match.arrayWith([
              { Name: "PORT", Value: String(service.port) },
              { Name: "DRAIN_DELAY_MS", Value: String(drainTimings.drainDelayMs) },
              { Name: "DRAIN_GRACE_MS", Value: String(drainTimings.drainGraceMs) },
              { Name: "GRPC_REFLECTION", Value: "off" },
            ]),
          }),
        ]),
      });
    }
  });

  it("when a service runs, then the ALB targets its container port and Service Connect publishes it", () => {
    for (const service of services) {
      template.hasResourceProperties("AWS::ECS::Service", {
        LaunchType: "FARGATE",
        DesiredCount: 2,
        LoadBalancers: [
          {
            ContainerName: service.name,
            ContainerPort: service.port,
            TargetGroupArn: { Ref: targetGroupOf(service.port) },
          },
        ],
        NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: "DISABLED" }) },
        ServiceConnectConfiguration: Match.objectLike({
          Enabled: true,
          Services: [
            Match.objectLike({
              PortName: "grpc",
              ClientAliases: [{ DnsName: service.name, Port: service.port }],
              Timeout: { PerRequestTimeoutSeconds: 0, IdleTimeoutSeconds: 300 },
            }),
          ],
        }),
      });
    }
  });

  it("when checkout calls its dependencies, then it gets Service Connect addresses for them", () => {
    template.hasResourceProperties("AWS::ECS::TaskDefinition", {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({
          Name: "checkout",
          Environment: Match.arrayWith([
            { Name: "CATALOG_URLS", Value: "http://catalog:50051" },
            { Name: "PRICING_TARGET", Value: "dns:///pricing:50052" },
          ]),
        }),
      ]),
    });
  });

  it("when load grows, then each service scales on CPU and on ALB requests per target", () => {
    for (const metric of ["ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget"]) {
      const policies = Object.values(resources).filter(
        (resource) =>
          resource.Type === "AWS::ApplicationAutoScaling::ScalingPolicy" &&
          JSON.stringify(resource.Properties).includes(metric),
      );
      // The web gateway scales on CPU as well.
      assert.equal(policies.length, services.length + (metric.includes("CPU") ? 1 : 0), metric);
    }
    template.resourcePropertiesCountIs(
      "AWS::ApplicationAutoScaling::ScalableTarget",
      { MinCapacity: 2, MaxCapacity: 10 },
      services.length,
    );
  });

  it("when a deployment makes targets fail, then its 5xx and unhealthy-host alarms roll it back", () => {
    for (const service of services) {
      const serviceId = logicalIdOf("AWS::ECS::Service", (properties) =>
        JSON.stringify(properties["LoadBalancers"]).includes(`"ContainerName":"${service.name}"`),
      );
      const alarms = (
        resources[serviceId]?.Properties["DeploymentConfiguration"] as {
          Alarms?: { Enable: boolean; Rollback: boolean; AlarmNames: { Ref: string }[] };
        }
      ).Alarms;
      assert.ok(alarms?.Enable && alarms.Rollback, `${service.name}: alarms roll deployments back`);
      const metrics = alarms.AlarmNames.map((name) => {
        const alarm = resources[name.Ref];
        assert.equal(alarm?.Type, "AWS::CloudWatch::Alarm");
        assert.ok(
          JSON.stringify(alarm.Properties["Dimensions"]).includes(
            JSON.stringify({ "Fn::GetAtt": [targetGroupOf(service.port), "TargetGroupFullName"] }),
          ),
          `${service.name}: the alarm watches its own target group`,
        );
        return alarm.Properties["MetricName"];
      });
      assert.deepEqual(metrics.sort(), ["HTTPCode_Target_5XX_Count", "UnHealthyHostCount"]);
    }
  });

  it("when a service sends telemetry, then a collector sidecar in its task receives OTLP on loopback", () => {
    for (const service of services) {
      const taskId = logicalIdOf("AWS::ECS::TaskDefinition", (properties) =>
        JSON.stringify(properties["ContainerDefinitions"]).includes(`"Name":"${service.name}"`),
      );
      const containers = resources[taskId]?.Properties["ContainerDefinitions"] as {
        Name: string;
        Essential: boolean;
        Environment: { Name: string; Value: unknown }[];
      }[];
      const app = containers.find((container) => container.Name === service.name);
      const collector = containers.find((container) => container.Name === "otel-collector");
      assert.ok(app && collector, service.name);
      assert.equal(collector.Essential, false, "a failed collector never stops the service");
      const endpoint = app.Environment.find((variable) => variable.Name === "OTEL_EXPORTER_OTLP_ENDPOINT");
      const config = collector.Environment.find((variable) => variable.Name === "AOT_CONFIG_CONTENT");
      assert.ok(endpoint && config);
      const receiver = (
        parse(templateText(config.Value)) as {
          receivers: { otlp: { protocols: { grpc: { endpoint: string } } } };
        }
      ).receivers.otlp.protocols.grpc.endpoint;
      assert.equal(`http://${receiver}`, endpoint.Value, "the service exports where the sidecar listens");
    }
  });

  it("when x86 is chosen, then the tasks run on X86_64", () => {
    const x86 = Template.fromJSON(
      synthesizePlatform({ services: services.slice(0, 1), cpuArchitecture: "X86_64" }).template,
    );
    x86.hasResourceProperties("AWS::ECS::TaskDefinition", {
      RuntimePlatform: { CpuArchitecture: "X86_64", OperatingSystemFamily: "LINUX" },
    });
  });
});

describe("network", () => {
  it("when the stack creates its VPC, then every zone has its own NAT gateway", () => {
    const publicSubnets = Object.values(resources).filter(
      (resource) =>
        resource.Type === "AWS::EC2::Subnet" && resource.Properties["MapPublicIpOnLaunch"] === true,
    );
    assert.ok(publicSubnets.length >= 2, "two zones at least");
    template.resourceCountIs("AWS::EC2::NatGateway", publicSubnets.length);
  });

  it("when targets are picked, then the target groups use round robin, said explicitly", () => {
    for (const service of services) {
      const attributes = resources[targetGroupOf(service.port)]?.Properties["TargetGroupAttributes"];
      assert.ok(
        JSON.stringify(attributes).includes('{"Key":"load_balancing.algorithm.type","Value":"round_robin"}'),
      );
    }
  });
});

describe("security groups", () => {
  const ingress = Object.values(resources)
    .filter((resource) => resource.Type === "AWS::EC2::SecurityGroupIngress")
    .map((resource) => resource.Properties);
  const groupOf = (properties: Record<string, unknown>): string =>
    JSON.stringify(properties["GroupId"] ?? properties["DestinationSecurityGroupId"]);

  it("when tasks accept traffic, then only on their service port and only from security groups", () => {
    for (const service of services) {
      const group = logicalIdOf(
        "AWS::EC2::SecurityGroup",
        (properties) =>
          typeof properties["GroupDescription"] === "string" &&
          properties["GroupDescription"].startsWith(`${service.name} tasks`),
      );
      const rules = ingress.filter((rule) => groupOf(rule).includes(`"${group}"`));
      assert.ok(rules.length > 0, `${service.name} is reachable`);
      for (const rule of rules) {
        assert.equal(rule["FromPort"], service.port);
        assert.equal(rule["ToPort"], service.port);
        assert.ok(rule["SourceSecurityGroupId"] !== undefined, "source is a security group, never a CIDR");
      }
      const inline = resources[group]?.Properties["SecurityGroupIngress"];
      assert.equal(inline, undefined, "no inline ingress");
    }
  });

  it("when the ALB sends traffic, then it may reach only the task ports and the web gateway's", () => {
    const alb = logicalIdOf("AWS::EC2::SecurityGroup", (properties) =>
      String(properties["GroupDescription"]).startsWith("Switchyard ALB"),
    );
    const egressRules = Object.values(resources)
      .filter((resource) => resource.Type === "AWS::EC2::SecurityGroupEgress")
      .map((resource) => resource.Properties)
      .filter((rule) => JSON.stringify(rule["GroupId"]).includes(`"${alb}"`));
    assert.deepEqual(
      egressRules.map((rule) => rule["FromPort"]).sort(),
      [...services.map((service) => service.port), webGatewayPort].sort(),
    );
  });

  it("when checkout calls catalog and pricing, then only checkout's tasks may reach them besides the ALB", () => {
    for (const dependency of ["catalog", "pricing"]) {
      const sources = ingress
        .filter((rule) => String(rule["Description"]).includes("from checkout"))
        .filter((rule) => groupOf(rule).includes(dependency));
      assert.equal(sources.length, 1, dependency);
    }
  });
});

describe("topology edges", () => {
  it("when an edge is added (pricing calls catalog), then pricing's tasks reach catalog's port and get its address", () => {
    const withNewEdge = referenceTopology.map((service) =>
      service.name === "pricing"
        ? {
            ...service,
            dependencies: [{ service: "catalog", variable: "CATALOG_URLS", form: "urls" as const }],
          }
        : service,
    );
    const resourcesOf = (topology: typeof referenceTopology) =>
      Object.values(
        synthesizePlatform({ services: deployedServices(topology) }).template["Resources"] as Record<
          string,
          { Type: string; Properties: Record<string, unknown> }
        >,
      );
    const resources = resourcesOf(withNewEdge);
    const pricingTask = resources.find(
      (resource) =>
        resource.Type === "AWS::ECS::TaskDefinition" &&
        JSON.stringify(resource.Properties["ContainerDefinitions"]).includes('"Name":"pricing"'),
    );
    assert.ok(pricingTask, "pricing's task definition");
    assert.match(
      JSON.stringify(pricingTask.Properties),
      /"Name":"CATALOG_URLS","Value":"http:\/\/catalog:50051"/,
    );
    const intoCatalog = (all: typeof resources) =>
      all.filter(
        (resource) =>
          resource.Type === "AWS::EC2::SecurityGroupIngress" && resource.Properties["FromPort"] === 50051,
      ).length;
    assert.equal(
      intoCatalog(resources),
      intoCatalog(resourcesOf(referenceTopology)) + 1,
      "one more rule into catalog's port: from pricing's tasks",
    );
  });
});
