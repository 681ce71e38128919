// Contract: the web gateway as the synthesized CloudFormation defines it. The listener rules
// are evaluated the way the ALB evaluates them (lowest priority first, every condition must
// match) for a browser's gRPC-Web call, its CORS preflight and a plain gRPC call; the Envoy
// configuration in the task definition runs for real in front of the real services, with the
// Service Connect names pointed at them, and is called the way the ALB calls it (HTTP/1.1).
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import {
  albIdleTimeoutSeconds,
  deployedServices,
  webGatewayHealthPath,
  webGatewayPort,
} from "@switchyard/deploy-settings";
import {
  routeAlbRequest,
  startPlatformProcesses,
  type AlbCondition,
  type AlbRule,
  type PlatformProcesses,
} from "@switchyard/deploy-validators";
import { frontProxyContainerMemoryMiB } from "@switchyard/envoy-config";
import { startEnvoy, validateEnvoyConfig, type EnvoyProcess } from "@switchyard/launcher";
import { protoRegistry } from "@switchyard/proto";
import { synthesizePlatform } from "./synthesize-platform.js";

type Resource = { Type: string; Properties: Record<string, unknown> };
const template = synthesizePlatform().template;
const resources = Object.entries(template["Resources"] as Record<string, Resource>);
const ofType = (type: string): [string, Resource][] =>
  resources.filter(([, resource]) => resource.Type === type);
const services = deployedServices();
/** The storefront origin the test deploys with (the `StorefrontOrigin` parameter). */
const storefrontOrigin = "https://shop.example.com";

const [gatewayGroupId, gatewayGroup] = ((): [string, Resource] => {
  const groups = ofType("AWS::ElasticLoadBalancingV2::TargetGroup").filter(
    ([, resource]) => resource.Properties["ProtocolVersion"] === "HTTP1",
  );
  assert.equal(groups.length, 1, "one HTTP/1.1 target group: the web gateway's");
  return groups[0] as [string, Resource];
})();

const [, gatewayService] = ((): [string, Resource] => {
  const found = ofType("AWS::ECS::Service").filter(([, service]) =>
    JSON.stringify(service.Properties["LoadBalancers"]).includes(`{"Ref":"${gatewayGroupId}"}`),
  );
  assert.equal(found.length, 1);
  return found[0] as [string, Resource];
})();

interface ContainerDefinition {
  Name: string;
  Command?: unknown[];
  PortMappings?: { ContainerPort: number }[];
  ReadonlyRootFilesystem?: boolean;
  User?: string;
}
const [gatewayTask, envoyContainer] = ((): [Resource, ContainerDefinition] => {
  const taskId = (gatewayService.Properties["TaskDefinition"] as { Ref: string }).Ref;
  const task = ofType("AWS::ECS::TaskDefinition").find(([id]) => id === taskId)?.[1];
  assert.ok(task);
  const [container] = task.Properties["ContainerDefinitions"] as ContainerDefinition[];
  assert.ok(container);
  return [task, container];
})();

/** A template value as deployed: `Fn::Join` joined, the `StorefrontOrigin` parameter filled in. */
function deployedText(value: unknown): string {
  if (typeof value === "string") return value;
  const reference = (value as { Ref?: string }).Ref;
  if (reference === "StorefrontOrigin") return storefrontOrigin;
  const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
  assert.ok(join, `a string, a Join or the StorefrontOrigin parameter: ${JSON.stringify(value)}`);
  return join[1].map(deployedText).join(join[0]);
}

/** The Envoy bootstrap the task starts with (`--config-yaml`). */
const gatewayConfig = ((): string => {
  const command = envoyContainer.Command ?? [];
  const index = command.indexOf("--config-yaml");
  assert.ok(index >= 0, "the configuration travels in the command");
  return deployedText(command[index + 1]);
})();

interface EnvoyCluster {
  name: string;
  type: string;
  load_assignment: {
    endpoints: { lb_endpoints: { endpoint: { address: { socket_address: SocketAddress } } }[] }[];
  };
}
interface SocketAddress {
  address: string;
  port_value: number;
}

interface RuleCondition {
  Field: string;
  PathPatternConfig?: { Values: string[] };
  HttpHeaderConfig?: { HttpHeaderName: string; Values: string[] };
  HttpRequestMethodConfig?: { Values: string[] };
}

/** A template's condition in the replay's terms. */
function albCondition(condition: RuleCondition): AlbCondition {
  switch (condition.Field) {
    case "path-pattern":
      return { field: "path-pattern", values: condition.PathPatternConfig?.Values ?? [] };
    case "http-header":
      return {
        field: "http-header",
        headerName: condition.HttpHeaderConfig?.HttpHeaderName ?? "",
        values: condition.HttpHeaderConfig?.Values ?? [],
      };
    case "http-request-method":
      return { field: "http-request-method", values: condition.HttpRequestMethodConfig?.Values ?? [] };
    default:
      assert.fail(`a condition the replay does not know: ${condition.Field}`);
  }
}

/** The listener's rules by priority, each leading to a target group's logical id. */
const listenerRules: AlbRule<string>[] = ofType("AWS::ElasticLoadBalancingV2::ListenerRule")
  .map(([, rule]) => rule.Properties)
  .sort((a, b) => (a["Priority"] as number) - (b["Priority"] as number))
  .map((rule) => {
    const [action] = rule["Actions"] as { TargetGroupArn: { Ref: string } }[];
    assert.ok(action);
    return {
      conditions: (rule["Conditions"] as RuleCondition[]).map(albCondition),
      target: action.TargetGroupArn.Ref,
    };
  });

/** Which target group the ALB sends a request to; undefined is the listener's default (404). */
function routeOf(request: { method: string; path: string; contentType?: string }): string | undefined {
  return routeAlbRequest(listenerRules, {
    method: request.method,
    path: request.path,
    ...(request.contentType === undefined ? {} : { headers: { "content-type": request.contentType } }),
  });
}

function grpcTargetGroupOf(port: number): string {
  const found = ofType("AWS::ElasticLoadBalancingV2::TargetGroup").filter(
    ([, group]) => group.Properties["ProtocolVersion"] === "GRPC" && group.Properties["Port"] === port,
  );
  assert.equal(found.length, 1);
  return (found[0] as [string, Resource])[0];
}

describe("web gateway: ALB listener rules", () => {
  for (const service of services) {
    for (const grpcService of service.grpcServices) {
      const path = `/${grpcService}/${protoRegistry.getService(grpcService)?.methods[0]?.name ?? "?"}`;

      it(`when a browser calls ${grpcService} with gRPC-Web, then the ALB sends it to the gateway, in both encodings`, () => {
        for (const contentType of [
          "application/grpc-web+proto",
          "application/grpc-web",
          "application/grpc-web-text",
          "Application/gRPC-Web+proto",
        ]) {
          assert.equal(routeOf({ method: "POST", path, contentType }), gatewayGroupId, contentType);
        }
      });

      it(`when a browser sends the CORS preflight for ${grpcService}, then the gateway answers it`, () => {
        assert.equal(routeOf({ method: "OPTIONS", path }), gatewayGroupId);
      });

      it(`when a gRPC client calls ${grpcService}, then the ALB sends it straight to the service's gRPC target group`, () => {
        for (const contentType of ["application/grpc", "application/grpc+proto"]) {
          assert.equal(
            routeOf({ method: "POST", path, contentType }),
            grpcTargetGroupOf(service.port),
            contentType,
          );
        }
      });
    }
  }

  it("when a browser asks for a path no service serves, then no rule sends it to the gateway", () => {
    for (const path of ["/", webGatewayHealthPath, "/grpc.health.v1.Health/Check"]) {
      assert.equal(
        routeOf({ method: "POST", path, contentType: "application/grpc-web+proto" }),
        undefined,
        path,
      );
    }
  });
});

describe("web gateway: target group, task and security groups", () => {
  it("when the ALB forwards to the gateway, then it speaks HTTP/1.1 to Envoy's port and checks Envoy's own health path", () => {
    const properties = gatewayGroup.Properties;
    assert.equal(properties["Protocol"], "HTTP");
    assert.equal(properties["Port"], webGatewayPort);
    assert.equal(properties["TargetType"], "ip");
    assert.equal(properties["HealthCheckPath"], webGatewayHealthPath);
    assert.deepEqual(properties["Matcher"], { HttpCode: "200" });
    assert.equal(envoyContainer.PortMappings?.[0]?.ContainerPort, webGatewayPort);
    assert.equal(envoyContainer.ReadonlyRootFilesystem, true);
    assert.match(envoyContainer.User ?? "", /^[1-9]\d+:[1-9]\d+$/, "not root");
  });

  it("when a gateway deployment makes targets fail, then its alarms roll it back", () => {
    const alarms = (
      gatewayService.Properties["DeploymentConfiguration"] as {
        Alarms?: { Enable: boolean; Rollback: boolean; AlarmNames: unknown[] };
      }
    ).Alarms;
    assert.deepEqual(
      { enable: alarms?.Enable, rollback: alarms?.Rollback },
      { enable: true, rollback: true },
    );
    assert.equal(alarms?.AlarmNames.length, 2, "target 5xx and unhealthy hosts");
  });

  it("when Envoy's heap grows, then its overload manager sheds load before the task runs out of memory", () => {
    assert.ok(Number(gatewayTask.Properties["Memory"]) >= frontProxyContainerMemoryMiB);
  });

  it("when ECS registers the task definition, then it stays under ECS's 64 KiB limit with the configuration inside", () => {
    const size = Buffer.byteLength(JSON.stringify({ ...gatewayTask.Properties }));
    assert.ok(size < 64 * 1024, `task definition ${size} bytes`);
  });

  it("when the gateway reaches a service, then it calls the name and port Service Connect registers for it", () => {
    const clusters = (parse(gatewayConfig) as { static_resources: { clusters: EnvoyCluster[] } })
      .static_resources.clusters;
    for (const service of services) {
      const cluster = clusters.find((candidate) => candidate.name === service.name);
      assert.ok(cluster, service.name);
      assert.equal(cluster.type, "LOGICAL_DNS", "Service Connect's proxy balances; Envoy sees one host");
      const address = cluster.load_assignment.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address;
      const registered = ofType("AWS::ECS::Service").flatMap(([, ecsService]) =>
        (
          (
            ecsService.Properties["ServiceConnectConfiguration"] as {
              Services?: { ClientAliases: { DnsName: string; Port: number }[] }[];
            }
          ).Services ?? []
        ).flatMap((entry) => entry.ClientAliases),
      );
      assert.ok(
        registered.some((alias) => alias.DnsName === address?.address && alias.Port === address.port_value),
        `${service.name}: ${JSON.stringify(address)} is registered in Service Connect`,
      );
    }
  });

  it("when the gateway's tasks are reached, then only from the ALB, and they reach each service's port", () => {
    const gatewayGroups = (
      gatewayService.Properties["NetworkConfiguration"] as {
        AwsvpcConfiguration: { SecurityGroups: { "Fn::GetAtt": [string, string] }[] };
      }
    ).AwsvpcConfiguration.SecurityGroups.map((group) => group["Fn::GetAtt"][0]);
    const ingress = ofType("AWS::EC2::SecurityGroupIngress").map(([, rule]) => rule.Properties);
    const groupOf = (value: unknown) => (value as { "Fn::GetAtt"?: [string] })["Fn::GetAtt"]?.[0] ?? "";
    const intoGateway = ingress.filter((rule) => gatewayGroups.includes(groupOf(rule["GroupId"])));
    assert.equal(intoGateway.length, 1);
    assert.match(groupOf(intoGateway[0]?.["SourceSecurityGroupId"]), /LoadBalancerSecurityGroup/);
    assert.equal(intoGateway[0]?.["FromPort"], webGatewayPort);
    for (const service of services) {
      assert.ok(
        ingress.some(
          (rule) =>
            gatewayGroups.includes(groupOf(rule["SourceSecurityGroupId"])) &&
            rule["FromPort"] === service.port &&
            rule["ToPort"] === service.port,
        ),
        `${service.name} admits the gateway on ${service.port}`,
      );
    }
  });
});

describe("web gateway: the task's Envoy configuration in front of the real services", () => {
  let platform: PlatformProcesses | undefined;
  let envoy: EnvoyProcess | undefined;
  let dir = "";

  before(async () => {
    platform = await startPlatformProcesses(services);
    // Service Connect's names become the processes' loopback addresses; the rest runs as deployed.
    const bootstrap = parse(gatewayConfig) as {
      admin: { address: { socket_address: SocketAddress } };
      static_resources: {
        listeners: { address: { socket_address: SocketAddress } }[];
        clusters: EnvoyCluster[];
      };
    };
    dir = await mkdtemp(join(tmpdir(), "switchyard-web-gateway-"));
    const deployedPath = join(dir, "deployed.yaml");
    await writeFile(deployedPath, gatewayConfig);
    await validateEnvoyConfig(deployedPath);
    bootstrap.admin.address.socket_address.port_value = 0;
    for (const listener of bootstrap.static_resources.listeners) {
      listener.address.socket_address = { address: "127.0.0.1", port_value: 0 };
    }
    for (const cluster of bootstrap.static_resources.clusters) {
      const url = new URL(platform.get(cluster.name).url);
      const [endpoint] = cluster.load_assignment.endpoints[0]?.lb_endpoints ?? [];
      assert.ok(endpoint);
      endpoint.endpoint.address.socket_address = { address: url.hostname, port_value: Number(url.port) };
    }
    envoy = await startEnvoy({ configYaml: stringify(bootstrap) });
  });
  after(async () => {
    await envoy?.stop();
    await platform?.stop();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  const gatewayUrl = (path: string): string => {
    assert.ok(envoy);
    const [port] = [...envoy.listenerPorts.values()];
    return `http://127.0.0.1:${port ?? 0}${path}`;
  };

  it("when the ALB health-checks a task (HTTP/1.1 GET), then Envoy answers 200", async () => {
    assert.equal((await fetch(gatewayUrl(webGatewayHealthPath))).status, 200);
  });

  it("when a browser calls each service with gRPC-Web over HTTP/1.1, then the service answers in gRPC-Web", async () => {
    for (const service of services) {
      for (const grpcService of service.grpcServices) {
        const unary = protoRegistry.getService(grpcService)?.methods.find((m) => m.methodKind === "unary");
        assert.ok(unary, grpcService);
        const response = await fetch(gatewayUrl(`/${grpcService}/${unary.name}`), {
          method: "POST",
          headers: {
            "content-type": "application/grpc-web+proto",
            "x-grpc-web": "1",
            origin: storefrontOrigin,
          },
          // An empty request message: each service answers it (a validation error or a miss).
          body: new Uint8Array([0, 0, 0, 0, 0]),
        });
        const body = Buffer.from(await response.arrayBuffer()).toString("latin1");
        const grpcStatus = response.headers.get("grpc-status") ?? /grpc-status:\s*(\d+)/.exec(body)?.[1];
        assert.equal(response.status, 200, grpcService);
        assert.match(response.headers.get("content-type") ?? "", /^application\/grpc-web/);
        assert.ok(
          grpcStatus !== undefined && grpcStatus !== "12",
          `${grpcService}: grpc-status ${grpcStatus}`,
        );
        assert.equal(response.headers.get("access-control-allow-origin"), storefrontOrigin);
      }
    }
  });

  it("when a page of another origin sends a preflight, then CORS admits only the storefront's origin", async () => {
    const preflight = (origin: string) =>
      fetch(gatewayUrl(`/${services[0]?.grpcServices[0] ?? "?"}/Anything`), {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,x-grpc-web,authorization",
        },
      });
    const admitted = await preflight(storefrontOrigin);
    assert.equal(admitted.headers.get("access-control-allow-origin"), storefrontOrigin);
    // A signed-in shopper's calls carry a bearer token (checkout's PlaceOrder needs one).
    assert.match(admitted.headers.get("access-control-allow-headers") ?? "", /authorization/);
    const refused = await preflight("https://elsewhere.example.com");
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
  });

  it("when a connection is idle, then the ALB closes it first: Envoy sets no shorter idle timeout or maximum age", () => {
    assert.ok(!gatewayConfig.includes("max_connection_duration"), "no maximum connection age");
    const idle = /(?<!_)idle_timeout: "?(\d+)s/.exec(gatewayConfig);
    assert.ok(
      idle === null || Number(idle[1]) > albIdleTimeoutSeconds,
      "Envoy's idle timeout (1 h by default)",
    );
  });
});
