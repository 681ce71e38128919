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
} from "@switchyard/deploy-settings";
import { referenceTopology } from "@switchyard/testing";
import { synthesizePlatform } from "./synthesize-platform.js";

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

  it("when a client uses :80, then it only gets a redirect to HTTPS", () => {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Protocol: "HTTP",
      Port: 80,
      DefaultActions: [
        { Type: "redirect", RedirectConfig: { Port: "443", Protocol: "HTTPS", StatusCode: "HTTP_301" } },
      ],
    });
    template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
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
        const rule = logicalIdOf("AWS::ElasticLoadBalancingV2::ListenerRule", (properties) =>
          JSON.stringify(properties["Conditions"]).includes(JSON.stringify(pathPattern)),
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
        ContainerDefinitions: [
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
            ]),
          }),
        ],
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
      ContainerDefinitions: [
        Match.objectLike({
          Name: "checkout",
          Environment: Match.arrayWith([
            { Name: "CATALOG_URLS", Value: "http://catalog:50051" },
            { Name: "PRICING_TARGET", Value: "dns:///pricing:50052" },
          ]),
        }),
      ],
    });
  });

  it("when load grows, then each service scales on CPU and on ALB requests per target", () => {
    for (const metric of ["ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget"]) {
      const policies = Object.values(resources).filter(
        (resource) =>
          resource.Type === "AWS::ApplicationAutoScaling::ScalingPolicy" &&
          JSON.stringify(resource.Properties).includes(metric),
      );
      assert.equal(policies.length, services.length, metric);
    }
    template.resourcePropertiesCountIs(
      "AWS::ApplicationAutoScaling::ScalableTarget",
      { MinCapacity: 2, MaxCapacity: 10 },
      services.length,
    );
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

  it("when the ALB sends traffic, then it may reach only the task ports", () => {
    const alb = logicalIdOf("AWS::EC2::SecurityGroup", (properties) =>
      String(properties["GroupDescription"]).startsWith("Switchyard ALB"),
    );
    const egressRules = Object.values(resources)
      .filter((resource) => resource.Type === "AWS::EC2::SecurityGroupEgress")
      .map((resource) => resource.Properties)
      .filter((rule) => JSON.stringify(rule["GroupId"]).includes(`"${alb}"`));
    assert.deepEqual(
      egressRules.map((rule) => rule["FromPort"]).sort(),
      services.map((service) => service.port).sort(),
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
