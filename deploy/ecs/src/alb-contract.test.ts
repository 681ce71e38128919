// Contract: the synthesized CloudFormation replayed against the real services,
// running as local processes. What a deployed ALB would do with these settings
// — health-check each target group, route each listener rule — is done here
// with the same paths, matchers and ports.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { deployedServices } from "@switchyard/deploy-settings";
import {
  callEveryMethod,
  replayAlbHealthCheck,
  replayLivenessCommand,
  startPlatformProcesses,
  unimplementedCode,
  type PlatformProcesses,
} from "@switchyard/deploy-validators";
import { synthesizePlatform } from "./synthesize-platform.js";

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = Object.entries(synthesizePlatform().template["Resources"] as Record<string, Resource>);
const ofType = (type: string): [string, Resource][] =>
  resources.filter(([, resource]) => resource.Type === type);

interface TargetGroup {
  readonly logicalId: string;
  readonly port: number;
  /** The port the ALB sends health checks to: `HealthCheckPort`, where "traffic-port" (the default) is the registered port. */
  readonly healthCheckPort: number;
  /** Security groups of the tasks the target group's service registers. */
  readonly taskSecurityGroups: readonly string[];
  readonly healthCheckPath: string;
  readonly matcher: string;
  /** The ECS container the target group's service registers. */
  readonly container: string;
  readonly containerPort: number;
  /** The container's health check command (CMD-SHELL). */
  readonly containerHealthCommand: string;
}

// The services' gRPC target groups; the web gateway's HTTP group has a contract of its own
// (web-gateway-contract.test.ts).
const targetGroups: TargetGroup[] = ofType("AWS::ElasticLoadBalancingV2::TargetGroup")
  .filter(([, resource]) => resource.Properties["ProtocolVersion"] === "GRPC")
  .map(([logicalId, resource]) => {
    const registrations = ofType("AWS::ECS::Service").flatMap(([, service]) =>
      (
        service.Properties["LoadBalancers"] as {
          ContainerName: string;
          ContainerPort: number;
          TargetGroupArn: unknown;
        }[]
      )
        .filter((entry) => JSON.stringify(entry.TargetGroupArn) === JSON.stringify({ Ref: logicalId }))
        .map((entry) => ({
          ...entry,
          securityGroups: (
            service.Properties["NetworkConfiguration"] as {
              AwsvpcConfiguration: { SecurityGroups: { "Fn::GetAtt": [string, string] }[] };
            }
          ).AwsvpcConfiguration.SecurityGroups.map((group) => group["Fn::GetAtt"][0]),
        })),
    );
    assert.equal(registrations.length, 1, `${logicalId} has one ECS service`);
    const [registration] = registrations;
    assert.ok(registration);
    const healthCheckPort = resource.Properties["HealthCheckPort"] as string | undefined;
    const containers = ofType("AWS::ECS::TaskDefinition").flatMap(([, task]) =>
      (
        task.Properties["ContainerDefinitions"] as { Name: string; HealthCheck: { Command: string[] } }[]
      ).filter((container) => container.Name === registration.ContainerName),
    );
    const [kind, command] = containers[0]?.HealthCheck.Command ?? [];
    assert.equal(kind, "CMD-SHELL");
    assert.ok(command !== undefined);
    return {
      logicalId,
      port: resource.Properties["Port"] as number,
      healthCheckPort:
        healthCheckPort === undefined || healthCheckPort === "traffic-port"
          ? registration.ContainerPort
          : Number(healthCheckPort),
      taskSecurityGroups: registration.securityGroups,
      healthCheckPath: resource.Properties["HealthCheckPath"] as string,
      matcher: (resource.Properties["Matcher"] as { GrpcCode: string }).GrpcCode,
      container: registration.ContainerName,
      containerPort: registration.ContainerPort,
      containerHealthCommand: command,
    };
  });

const listenerRules = ofType("AWS::ElasticLoadBalancingV2::ListenerRule").flatMap(([, resource]) => {
  const [condition] = resource.Properties["Conditions"] as { PathPatternConfig: { Values: string[] } }[];
  const [action] = resource.Properties["Actions"] as { TargetGroupArn: { Ref: string } }[];
  assert.ok(condition && action);
  const targetGroup = targetGroups.find((group) => group.logicalId === action.TargetGroupArn.Ref);
  return targetGroup === undefined ? [] : [{ patterns: condition.PathPatternConfig.Values, targetGroup }];
});

/** The load balancers' security groups (logical ids). */
const loadBalancerSecurityGroups = ofType("AWS::ElasticLoadBalancingV2::LoadBalancer").flatMap(
  ([, resource]) =>
    (resource.Properties["SecurityGroups"] as { "Fn::GetAtt": [string, string] }[]).map(
      (group) => group["Fn::GetAtt"][0],
    ),
);

/** Whether an ingress rule of one of `groups` admits a load balancer's security group on `port`. */
function loadBalancerMayReach(groups: readonly string[], port: number): boolean {
  return ofType("AWS::EC2::SecurityGroupIngress").some(([, rule]) => {
    const target = (rule.Properties["GroupId"] as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"]?.[0];
    const source = (
      rule.Properties["SourceSecurityGroupId"] as { "Fn::GetAtt"?: [string, string] } | undefined
    )?.["Fn::GetAtt"]?.[0];
    return (
      target !== undefined &&
      groups.includes(target) &&
      source !== undefined &&
      loadBalancerSecurityGroups.includes(source) &&
      (rule.Properties["FromPort"] as number) <= port &&
      port <= (rule.Properties["ToPort"] as number)
    );
  });
}

const services = deployedServices();
let platform: PlatformProcesses | undefined;

before(async () => {
  platform = await startPlatformProcesses(services, {
    // Long enough for the checks during the drain on a loaded machine.
    DRAIN_DELAY_MS: "4000",
    DRAIN_GRACE_MS: "500",
    DEPENDENCY_PROBE_INTERVAL_MS: "200",
  });
});
after(async () => {
  await platform?.stop();
});

function urlOf(container: string): string {
  assert.ok(platform);
  return platform.get(container).url;
}

/**
 * Where the ALB's health checks of `group` arrive: the task's process when the
 * check goes to the port the container listens on and the tasks' security
 * groups admit the ALB there; otherwise the check could never pass (the
 * port is closed or filtered), and the test fails saying which.
 */
function healthCheckUrl(group: TargetGroup): string {
  assert.equal(
    group.healthCheckPort,
    group.containerPort,
    `${group.container}: health checks go to port ${group.healthCheckPort}, the container listens on ${group.containerPort}`,
  );
  assert.ok(
    loadBalancerMayReach(group.taskSecurityGroups, group.healthCheckPort),
    `${group.container}: the tasks' security groups admit the ALB on the health check port ${group.healthCheckPort}`,
  );
  return urlOf(group.container);
}

/** Replays a target group's health check until it passes (the target's readiness), bounded. */
async function untilHealthy(
  group: TargetGroup,
): Promise<{ grpcStatus: number | undefined; healthy: boolean }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const result = await replayAlbHealthCheck(
      { url: healthCheckUrl(group) },
      group.healthCheckPath,
      group.matcher,
    );
    if (result.healthy || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("ALB contract (synthesized CloudFormation against running services)", () => {
  it("when the task definitions and target groups are read, then their ports agree with the topology", () => {
    assert.equal(targetGroups.length, services.length);
    for (const group of targetGroups) {
      const service = services.find((candidate) => candidate.name === group.container);
      assert.ok(service, group.container);
      assert.equal(group.port, service.port);
      assert.equal(group.containerPort, service.port);
      const taskDefinitions = ofType("AWS::ECS::TaskDefinition").filter(([, task]) =>
        (task.Properties["ContainerDefinitions"] as { Name: string }[]).some((c) => c.Name === service.name),
      );
      assert.equal(taskDefinitions.length, 1);
      const text = JSON.stringify(taskDefinitions[0]?.[1]);
      assert.ok(text.includes(`"ContainerPort":${service.port}`));
      assert.ok(text.includes(`{"Name":"PORT","Value":"${service.port}"}`));
      assert.ok(text.includes(`-addr=127.0.0.1:${service.port}`));
    }
  });

  it("when a task stops, then its stop timeout, drain variables and the health check timing fit together", () => {
    for (const [, task] of ofType("AWS::ECS::TaskDefinition")) {
      for (const container of task.Properties["ContainerDefinitions"] as {
        Name: string;
        StopTimeout?: number;
        Environment?: { Name: string; Value: unknown }[];
      }[]) {
        const group = targetGroups.find((candidate) => candidate.container === container.Name);
        if (group === undefined) continue; // the collector sidecar
        const seconds = (name: string): number =>
          Number(container.Environment?.find((variable) => variable.Name === name)?.Value) / 1000;
        const [drainDelay, drainGrace] = [seconds("DRAIN_DELAY_MS"), seconds("DRAIN_GRACE_MS")];
        assert.ok(
          (container.StopTimeout ?? 30) > drainDelay + drainGrace,
          `${container.Name}: StopTimeout ${container.StopTimeout} s > delay ${drainDelay} + grace ${drainGrace}`,
        );
        const resource = resources.find(([logicalId]) => logicalId === group.logicalId)?.[1];
        const interval = resource?.Properties["HealthCheckIntervalSeconds"] as number;
        const unhealthy = resource?.Properties["UnhealthyThresholdCount"] as number;
        assert.ok(
          interval * unhealthy <= drainDelay,
          `${container.Name}: NOT_SERVING fails the ALB check within the drain delay`,
        );
      }
    }
  });

  it("when each target group's health check is replayed, then every SERVING target passes", async () => {
    for (const group of targetGroups) {
      assert.deepEqual(await untilHealthy(group), { grpcStatus: 0, healthy: true }, group.container);
    }
  });

  it("when each container health check is replayed, then every running task is healthy", async () => {
    for (const group of targetGroups) {
      const code = await replayLivenessCommand(
        group.containerHealthCommand,
        group.containerPort,
        new URL(urlOf(group.container)).host,
      );
      assert.equal(code, 0, group.container);
    }
  });

  it("when each listener rule's traffic arrives, then every RPC of its gRPC services reaches its target", async () => {
    const routed = new Set<string>();
    for (const rule of listenerRules) {
      for (const pattern of rule.patterns) {
        assert.match(pattern, /^\/[\w.]+\/\*$/);
        const grpcService = pattern.slice(1, -2);
        routed.add(grpcService);
        const reaches = await callEveryMethod({ url: urlOf(rule.targetGroup.container) }, [grpcService]);
        assert.ok(reaches.length > 0);
        for (const reach of reaches)
          assert.ok(reach.reached, `${reach.path} via ${pattern}: ${JSON.stringify(reach)}`);
        // The same calls on any other target are UNIMPLEMENTED: the rule, not luck, picks the target.
        for (const other of targetGroups.filter((group) => group.container !== rule.targetGroup.container)) {
          const [miss] = await callEveryMethod({ url: urlOf(other.container) }, [grpcService]);
          assert.equal(
            miss?.grpcStatus,
            unimplementedCode,
            `${grpcService} is not served by ${other.container}`,
          );
        }
      }
    }
    assert.deepEqual(
      [...routed].sort(),
      services.flatMap((service) => service.grpcServices).sort(),
      "every gRPC service has a rule",
    );
  });

  it("when a target starts draining, then its health check fails while it still serves", async () => {
    const group = targetGroups.find((candidate) => candidate.container === "catalog") ?? targetGroups[0];
    assert.ok(group && platform);
    const target = platform.get(group.container);
    const checkUrl = healthCheckUrl(group);
    target.signal("SIGTERM");
    const deadline = Date.now() + 2000;
    let result = await replayAlbHealthCheck({ url: checkUrl }, group.healthCheckPath, group.matcher);
    while (result.healthy && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      result = await replayAlbHealthCheck({ url: checkUrl }, group.healthCheckPath, group.matcher);
    }
    assert.deepEqual(result, { grpcStatus: 14, healthy: false }, "UNAVAILABLE during the drain delay");
    const service = services.find((candidate) => candidate.name === group.container);
    assert.ok(service);
    const [stillServed] = await callEveryMethod({ url: target.url }, service.grpcServices.slice(0, 1));
    assert.ok(stillServed?.reached, `calls still reach the draining target: ${JSON.stringify(stillServed)}`);
    assert.equal(
      await replayLivenessCommand(
        group.containerHealthCommand,
        group.containerPort,
        new URL(target.url).host,
      ),
      0,
      "the container health check stays healthy: ECS must not kill a draining task",
    );
    assert.equal((await target.exited).code, 0, "exits cleanly after delay and grace");
  });
});
