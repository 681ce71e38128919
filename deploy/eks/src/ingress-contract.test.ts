// Contract: the built Kubernetes manifests (prod overlay) replayed against the
// real services running as local processes: the ALB health check from the
// Ingress annotations, each Ingress path routed to the Service and container
// port it names, and the kubelet's gRPC probes as configured.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { deployedServices } from "@switchyard/deploy-settings";
import {
  callEveryMethod,
  kustomizeBuild,
  replayAlbHealthCheck,
  replayLivenessCommand,
  startPlatformProcesses,
  type PlatformProcesses,
} from "@switchyard/deploy-validators";
import { runTool } from "@switchyard/launcher";
import { eksDirectory } from "./checked-in-tree.js";

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}
interface GrpcProbe {
  grpc: { port: number; service: string };
}
interface Container {
  env: { name: string; value: string }[];
  lifecycle: { preStop: { sleep?: { seconds: number } } };
  ports: { name: string; containerPort: number }[];
  startupProbe: GrpcProbe;
  readinessProbe: GrpcProbe;
  livenessProbe: { exec: { command: string[] } };
}

const services = deployedServices();
let manifests: Manifest[] = [];
let platform: PlatformProcesses | undefined;

before(async () => {
  const yaml = await kustomizeBuild(join(eksDirectory, "overlays", "prod"));
  manifests = parseAllDocuments(yaml).map((document) => document.toJS() as Manifest);
  platform = await startPlatformProcesses(services, {
    DEPENDENCY_PROBE_INTERVAL_MS: "200",
    // Long enough for the checks during the drain on a loaded machine.
    DRAIN_DELAY_MS: "4000",
    DRAIN_GRACE_MS: "500",
  });
});
after(async () => {
  await platform?.stop();
});

function one(kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  assert.ok(found, `${kind}/${name}`);
  return found;
}

/** The container of the Deployment selected by Service `name`, and the port its Service's targetPort names. */
function backendOf(serviceName: string): { app: string; container: Container; port: number } {
  const service = one("Service", serviceName) as Manifest & {
    spec: { selector: Record<string, string>; ports: { name: string; port: number; targetPort: string }[] };
  };
  const app = service.spec.selector["app.kubernetes.io/name"];
  assert.ok(app);
  const deployment = one("Deployment", app) as Manifest & {
    spec: { template: { spec: { containers: Container[] } } };
  };
  const [container] = deployment.spec.template.spec.containers;
  const [servicePort] = service.spec.ports;
  assert.ok(container && servicePort);
  const containerPort = container.ports.find((port) => port.name === servicePort.targetPort);
  assert.ok(containerPort, `targetPort ${servicePort.targetPort} names a container port`);
  assert.equal(servicePort.port, containerPort.containerPort);
  return { app, container, port: containerPort.containerPort };
}

/** An ALB attribute (`key=value,...` annotation) of the Ingress, as a number. */
function ingressAttribute(annotation: string, key: string): number {
  const attributes = one("Ingress", "switchyard").metadata.annotations?.[
    `alb.ingress.kubernetes.io/${annotation}`
  ];
  const value = (attributes ?? "").split(",").find((pair) => pair.startsWith(`${key}=`));
  assert.ok(value !== undefined, `${annotation} sets ${key}`);
  return Number(value.slice(key.length + 1));
}

function ingressAnnotation(name: string): string {
  const value = one("Ingress", "switchyard").metadata.annotations?.[`alb.ingress.kubernetes.io/${name}`];
  assert.ok(value !== undefined, `the Ingress sets ${name}`);
  return value;
}

function urlOf(app: string): string {
  assert.ok(platform);
  return platform.get(app).url;
}

describe("Ingress contract (built manifests against running services)", () => {
  it("when the kubelet probes a pod, then startup, readiness and liveness all pass on the container port", async () => {
    for (const service of services) {
      const { container, port } = backendOf(service.name);
      assert.equal(port, service.port);
      const [, , livenessScript] = container.livenessProbe.exec.command;
      assert.ok(livenessScript !== undefined);
      assert.equal(
        await replayLivenessCommand(livenessScript, port, new URL(urlOf(service.name)).host),
        0,
        `${service.name}: liveness`,
      );
      for (const probe of [container.startupProbe, container.readinessProbe]) {
        assert.equal(probe.grpc.port, port);
        // grpc-health-probe reads the body like the kubelet's native gRPC probe.
        const deadline = Date.now() + 10_000;
        let result = await runTool("grpc-health-probe", [
          `-addr=${new URL(urlOf(service.name)).host}`,
          `-service=${probe.grpc.service}`,
        ]);
        while (result.exitCode !== 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          result = await runTool("grpc-health-probe", [
            `-addr=${new URL(urlOf(service.name)).host}`,
            `-service=${probe.grpc.service}`,
          ]);
        }
        assert.equal(
          result.exitCode,
          0,
          `${service.name} ${JSON.stringify(probe.grpc)}: ${result.stdout}${result.stderr}`,
        );
      }
    }
  });

  it("when a pod terminates, then the built grace period, preStop, drain and ALB timings fit together", () => {
    const delaySeconds = ingressAttribute("target-group-attributes", "deregistration_delay.timeout_seconds");
    const checkInterval = Number(ingressAnnotation("healthcheck-interval-seconds"));
    const unhealthyAfter = Number(ingressAnnotation("unhealthy-threshold-count"));
    for (const service of services) {
      const deployment = one("Deployment", service.name) as Manifest & {
        spec: { template: { spec: { terminationGracePeriodSeconds: number; containers: Container[] } } };
      };
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      assert.ok(container);
      const variable = (name: string): number =>
        Number(container.env.find((entry) => entry.name === name)?.value) / 1000;
      const preStop = container.lifecycle.preStop.sleep?.seconds ?? 0;
      const [drainDelay, drainGrace] = [variable("DRAIN_DELAY_MS"), variable("DRAIN_GRACE_MS")];
      assert.ok(
        pod.terminationGracePeriodSeconds > preStop + drainDelay + drainGrace,
        `${service.name}: grace ${pod.terminationGracePeriodSeconds} s > preStop ${preStop} + delay ${drainDelay} + grace ${drainGrace}`,
      );
      assert.ok(
        delaySeconds >= preStop + drainDelay,
        `${service.name}: the ALB keeps connections (${delaySeconds} s) while the pod still accepts`,
      );
      assert.ok(
        checkInterval * unhealthyAfter <= drainDelay,
        `${service.name}: a NOT_SERVING pod fails the ALB check within the drain delay`,
      );
    }
  });

  it("when the ALB checks the targets as annotated, then every SERVING target passes", async () => {
    const path = ingressAnnotation("healthcheck-path");
    const matcher = ingressAnnotation("success-codes");
    for (const service of services) {
      assert.deepEqual(await replayAlbHealthCheck({ url: urlOf(service.name) }, path, matcher), {
        grpcStatus: 0,
        healthy: true,
      });
    }
  });

  it("when each Ingress path is routed, then every RPC of its gRPC service reaches the named backend", async () => {
    const ingress = one("Ingress", "switchyard") as Manifest & {
      spec: { rules: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }[] };
    };
    const routed: string[] = [];
    for (const entry of ingress.spec.rules.flatMap((rule) => rule.http.paths)) {
      const grpcService = entry.path.replace(/^\//, "").replace(/\/\*$/, "");
      routed.push(grpcService);
      const { app } = backendOf(entry.backend.service.name);
      const reaches = await callEveryMethod({ url: urlOf(app) }, [grpcService]);
      for (const reach of reaches)
        assert.ok(reach.reached, `${reach.path} → ${app}: ${JSON.stringify(reach)}`);
    }
    assert.deepEqual(routed.sort(), services.flatMap((service) => service.grpcServices).sort());
  });

  it("when a pod starts draining, then the annotated ALB check and readiness fail while it still serves", async () => {
    const path = ingressAnnotation("healthcheck-path");
    const matcher = ingressAnnotation("success-codes");
    const service = services.find((candidate) => candidate.name === "catalog") ?? services[0];
    assert.ok(service && platform);
    const { container, port } = backendOf(service.name);
    const target = platform.get(service.name);
    const address = new URL(target.url).host;
    target.signal("SIGTERM");
    const deadline = Date.now() + 2000;
    let result = await replayAlbHealthCheck({ url: target.url }, path, matcher);
    while (result.healthy && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      result = await replayAlbHealthCheck({ url: target.url }, path, matcher);
    }
    assert.deepEqual(result, { grpcStatus: 14, healthy: false }, "UNAVAILABLE fails the ALB check");
    const readiness = await runTool("grpc-health-probe", [
      `-addr=${address}`,
      `-service=${container.readinessProbe.grpc.service}`,
    ]);
    assert.equal(
      readiness.exitCode,
      4,
      "readiness reports NOT_SERVING: the pod leaves the Service's endpoints",
    );
    const [livenessScript = ""] = container.livenessProbe.exec.command.slice(2);
    assert.equal(await replayLivenessCommand(livenessScript, port, address), 0, "liveness keeps the pod");
    const [stillServed] = await callEveryMethod({ url: target.url }, service.grpcServices.slice(0, 1));
    assert.ok(stillServed?.reached, `calls still reach the draining pod: ${JSON.stringify(stillServed)}`);
    assert.equal((await target.exited).code, 0, "exits cleanly after delay and grace");
  });
});
