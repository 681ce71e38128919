// Contract: the web gateway as `kustomize build overlays/prod` ships it. The two Ingresses of
// the ALB group are merged and their rules evaluated the way the AWS Load Balancer Controller
// and the ALB would (group order, then path order; every condition must match); the gateway's
// Envoy (the built ConfigMap and container args) runs in front of the real services and is
// called as the ALB calls it (HTTP/1.1), then stopped the way the kubelet stops it (preStop).
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { parse, parseAllDocuments, stringify } from "yaml";
import {
  deployedServices,
  grpcWebContentTypes,
  webGatewayHealthPath,
  webGatewayName,
  webGatewayPort,
} from "@switchyard/deploy-settings";
import {
  kustomizeBuild,
  replayPreStopHook,
  routeAlbRequest,
  type AlbCondition,
  type AlbRule,
  startPlatformProcesses,
  type PlatformProcesses,
  type PreStopHandler,
} from "@switchyard/deploy-validators";
import { frontProxyContainerMemoryMiB } from "@switchyard/envoy-config";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { protoRegistry } from "@switchyard/proto";
import { eksDirectory } from "./checked-in-tree.js";
import { envoyAdminPort, envoyDrainVariable } from "./envoy-container.js";
import { albSubnetCidrs } from "./kubernetes-manifests.js";
import { storefrontOriginPlaceholder, webIngressName } from "./web-gateway-manifests.js";

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
  data?: Record<string, string>;
}
interface IngressPath {
  path: string;
  backend: { service: { name: string; port: { name?: string; number?: number } } };
}
interface EnvoyContainer {
  args: string[];
  resources: { limits: { memory: string } };
  env: { name: string; value: string }[];
  readinessProbe: { httpGet?: { path: string; port: string } };
  lifecycle: { preStop: PreStopHandler };
}
interface SocketAddress {
  socket_address: { address: string; port_value: number };
}

const services = deployedServices();
const alb = "alb.ingress.kubernetes.io";
let manifests: Manifest[] = [];

/** The one object of `kind` named `name`, or, for a generated ConfigMap, `name-<hash>`. */
function one(kind: string, name: string): Manifest {
  const found = manifests.filter(
    (manifest) =>
      manifest.kind === kind &&
      (manifest.metadata.name === name ||
        (kind === "ConfigMap" && manifest.metadata.name.startsWith(`${name}-`))),
  );
  assert.equal(found.length, 1, `one ${kind}/${name}`);
  return found[0] as Manifest;
}

function annotationsOf(ingress: Manifest): Record<string, string> {
  return ingress.metadata.annotations ?? {};
}

interface ControllerCondition {
  field: string;
  httpHeaderConfig?: { httpHeaderName: string; values: string[] };
  httpRequestMethodConfig?: { values: string[] };
}

/** A controller annotation's condition in the replay's terms. */
function albCondition(condition: ControllerCondition): AlbCondition {
  if (condition.field === "http-header") {
    return {
      field: "http-header",
      headerName: condition.httpHeaderConfig?.httpHeaderName ?? "",
      values: condition.httpHeaderConfig?.values ?? [],
    };
  }
  assert.equal(condition.field, "http-request-method", "a condition the replay knows");
  return { field: "http-request-method", values: condition.httpRequestMethodConfig?.values ?? [] };
}

/** Where a `use-annotation` backend's `actions.<name>` annotation forwards: the Service, by its port's name. */
function forwardedService(annotations: Record<string, string>, name: string): string {
  const action = JSON.parse(annotations[`${alb}/actions.${name}`] ?? "{}") as {
    type: string;
    forwardConfig: { targetGroups: { serviceName: string; servicePort: string }[] };
  };
  assert.equal(action.type, "forward");
  const [group] = action.forwardConfig.targetGroups;
  assert.ok(group);
  const servicePorts = (one("Service", group.serviceName).spec["ports"] as { name: string; port: number }[])
    .filter((port) => port.name === group.servicePort)
    .map((port) => port.port);
  assert.deepEqual(servicePorts, [webGatewayPort], `${group.serviceName}:${group.servicePort}`);
  return group.serviceName;
}

/**
 * The listener rules the controller makes of the group, in order: Ingresses by `group.order`,
 * each one's paths in order; a backend's `conditions.<name>` annotation narrows its path, and a
 * `use-annotation` backend forwards where its `actions.<name>` annotation says. Each leads to
 * a Service's name.
 */
function listenerRules(): AlbRule<string>[] {
  return manifests
    .filter((manifest) => manifest.kind === "Ingress")
    .sort(
      (a, b) =>
        Number(annotationsOf(a)[`${alb}/group.order`]) - Number(annotationsOf(b)[`${alb}/group.order`]),
    )
    .flatMap((ingress) => {
      const annotations = annotationsOf(ingress);
      return (ingress.spec["rules"] as { http: { paths: IngressPath[] } }[])
        .flatMap((rule) => rule.http.paths)
        .map(({ path, backend }) => {
          const name = backend.service.name;
          const conditions = JSON.parse(
            annotations[`${alb}/conditions.${name}`] ?? "[]",
          ) as ControllerCondition[];
          return {
            conditions: [{ field: "path-pattern", values: [path] } as const, ...conditions.map(albCondition)],
            target:
              backend.service.port.name === "use-annotation" ? forwardedService(annotations, name) : name,
          };
        });
    });
}

/** Which Service the ALB sends a request to; undefined is the listener's default (404). */
function routeOf(request: { method: string; path: string; contentType?: string }): string | undefined {
  return routeAlbRequest(listenerRules(), {
    method: request.method,
    path: request.path,
    ...(request.contentType === undefined ? {} : { headers: { "content-type": request.contentType } }),
  });
}

before(async () => {
  const yaml = await kustomizeBuild(join(eksDirectory, "overlays", "prod"));
  manifests = parseAllDocuments(yaml).map((document) => document.toJS() as Manifest);
});

describe("web gateway on EKS: the ALB group", () => {
  it("when the controller merges the two Ingresses, then they ask for the same load balancer and listener", () => {
    const grpc = annotationsOf(one("Ingress", "switchyard"));
    const web = annotationsOf(one("Ingress", webIngressName));
    for (const key of [
      "scheme",
      "group.name",
      "listen-ports",
      "certificate-arn",
      "ssl-policy",
      "load-balancer-attributes",
      "target-type",
    ]) {
      assert.equal(web[`${alb}/${key}`], grpc[`${alb}/${key}`], key);
    }
    assert.ok(Number(web[`${alb}/group.order`]) < Number(grpc[`${alb}/group.order`]), "web rules first");
  });

  it("when the ALB forwards to the gateway, then it speaks HTTP/1.1 and checks Envoy's own health path for 200", () => {
    const web = annotationsOf(one("Ingress", webIngressName));
    assert.equal(web[`${alb}/backend-protocol`], "HTTP");
    assert.equal(web[`${alb}/backend-protocol-version`], "HTTP1");
    assert.equal(web[`${alb}/healthcheck-path`], webGatewayHealthPath);
    assert.equal(web[`${alb}/success-codes`], "200");
  });

  for (const service of services) {
    for (const grpcService of service.grpcServices) {
      const path = `/${grpcService}/${protoRegistry.getService(grpcService)?.methods[0]?.name ?? "?"}`;
      it(`when ${grpcService} is called, then gRPC-Web and preflights reach the gateway and gRPC the service`, () => {
        for (const contentType of ["application/grpc-web+proto", "application/grpc-web-text"]) {
          assert.equal(routeOf({ method: "POST", path, contentType }), webGatewayName, contentType);
        }
        assert.equal(routeOf({ method: "OPTIONS", path }), webGatewayName, "preflight");
        for (const contentType of ["application/grpc", "application/grpc+proto"]) {
          assert.equal(routeOf({ method: "POST", path, contentType }), service.name, contentType);
        }
      });
    }
  }

  it("when anything but a service path arrives, then no rule sends it to the gateway", () => {
    for (const path of ["/", webGatewayHealthPath]) {
      assert.equal(routeOf({ method: "POST", path, contentType: grpcWebContentTypes[0] ?? "" }), undefined);
    }
  });

  it("when the gateway's pods are reached, then only from the ALB's subnets, on Envoy's port", () => {
    const policy = one("NetworkPolicy", webGatewayName).spec as {
      ingress: { from: { ipBlock: { cidr: string } }[]; ports: { port: number }[] }[];
    };
    assert.deepEqual(
      policy.ingress.flatMap((rule) => rule.from.map((peer) => peer.ipBlock.cidr)),
      [...albSubnetCidrs],
    );
    assert.deepEqual(
      policy.ingress.flatMap((rule) => rule.ports.map((port) => port.port)),
      [webGatewayPort],
    );
  });
});

describe("web gateway on EKS: the built Envoy in front of the real services", () => {
  let platform: PlatformProcesses | undefined;
  let envoy: EnvoyProcess | undefined;
  /** The drain the test gives the hook instead of the rendered one. */
  const testDrainSeconds = 2;

  const container = (): EnvoyContainer => {
    const deployment = one("Deployment", webGatewayName).spec as {
      template: { spec: { containers: EnvoyContainer[] } };
    };
    const [found] = deployment.template.spec.containers;
    assert.ok(found);
    return found;
  };

  before(async () => {
    platform = await startPlatformProcesses(services);
    const bootstrap = parse(one("ConfigMap", `${webGatewayName}-config`).data?.["envoy.yaml"] ?? "") as {
      admin: { address: SocketAddress };
      static_resources: {
        listeners: { address: SocketAddress }[];
        clusters: {
          name: string;
          load_assignment: { endpoints: { lb_endpoints: { endpoint: { address: SocketAddress } }[] }[] };
        }[];
      };
    };
    assert.equal(bootstrap.admin.address.socket_address.port_value, envoyAdminPort);
    bootstrap.admin.address = { socket_address: { address: "127.0.0.1", port_value: 0 } };
    for (const listener of bootstrap.static_resources.listeners) {
      listener.address.socket_address = { address: "127.0.0.1", port_value: 0 };
    }
    for (const cluster of bootstrap.static_resources.clusters) {
      // The headless Service's name becomes the local process of that service.
      const url = new URL(platform.get(cluster.name).url);
      for (const group of cluster.load_assignment.endpoints) {
        for (const entry of group.lb_endpoints) {
          entry.endpoint.address = { socket_address: { address: "127.0.0.1", port_value: Number(url.port) } };
        }
      }
    }
    // The container's args as the kubelet expands them; the launcher passes its own `-c`.
    const environment: Readonly<Record<string, string>> = { [envoyDrainVariable]: String(testDrainSeconds) };
    const args = container()
      .args.map((arg) => arg.replace(/\$\((\w+)\)/g, (_, name: string) => environment[name] ?? ""))
      .filter((arg, index, all) => arg !== "-c" && all[index - 1] !== "-c");
    envoy = await startEnvoy({ configYaml: stringify(bootstrap), args });
  });
  after(async () => {
    await envoy?.stop();
    await platform?.stop();
  });

  const url = (path: string): string => {
    assert.ok(envoy);
    const [port] = [...envoy.listenerPorts.values()];
    return `http://127.0.0.1:${port ?? 0}${path}`;
  };

  /** A gRPC-Web call over HTTP/1.1 from the storefront's origin, as the ALB forwards it. */
  const callCatalog = () =>
    fetch(url("/switchyard.catalog.v1.CatalogService/GetProduct"), {
      method: "POST",
      headers: {
        "content-type": "application/grpc-web+proto",
        "x-grpc-web": "1",
        origin: storefrontOriginPlaceholder,
      },
      // An empty GetProductRequest: catalog answers INVALID_ARGUMENT (id is required).
      body: new Uint8Array([0, 0, 0, 0, 0]),
    });

  it("when Envoy's heap grows, then its overload manager sheds load before the pod's memory limit", () => {
    const limit = container().resources.limits.memory;
    assert.match(limit, /^\d+Mi$/);
    assert.ok(Number.parseInt(limit, 10) >= frontProxyContainerMemoryMiB, limit);
  });

  it("when the readiness probe and the ALB check the pod, then Envoy answers 200 and browsers' calls reach the services", async () => {
    const probe = container().readinessProbe.httpGet;
    assert.equal(probe?.path, webGatewayHealthPath);
    assert.equal((await fetch(url(webGatewayHealthPath))).status, 200);
    const response = await callCatalog();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("grpc-status"), "3");
    assert.equal(response.headers.get("access-control-allow-origin"), storefrontOriginPlaceholder);
  });

  it("when the kubelet runs preStop, then the health check fails at once while calls are still served with Connection: close", async () => {
    assert.ok(envoy);
    const hook = replayPreStopHook(container().lifecycle.preStop, {
      env: { [envoyDrainVariable]: String(testDrainSeconds) },
      replace: new Map([[`127.0.0.1/${envoyAdminPort}`, `127.0.0.1/${new URL(envoy.adminUrl).port}`]]),
      timeoutMs: 30_000,
    });
    // The hook's first request fails the health check; bounded wait for it.
    const deadline = Date.now() + 10_000;
    while ((await fetch(url(webGatewayHealthPath))).status !== 503) {
      assert.ok(Date.now() < deadline, "the health path turns 503 after preStop starts");
      await delay(50);
    }
    const during = await callCatalog();
    assert.equal(during.headers.get("grpc-status"), "3", "still served while the ALB deregisters");
    assert.equal(await hook, 0, "the hook confirmed the drain and held for the drain time");
    // Either draining already closed connections at the previous answer, or it does so now.
    const afterHold = await callCatalog();
    assert.equal(afterHold.headers.get("connection"), "close", "each answer closes its connection");
  });
});
