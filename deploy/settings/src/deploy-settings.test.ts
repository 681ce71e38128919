import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { referenceTopology } from "@switchyard/testing";
import { platformServices } from "@switchyard/topology";
import {
  albHealthCheck,
  albIdleTimeoutSeconds,
  deployedServices,
  deregistrationDelaySeconds,
  drainTimings,
  heapLimitMiB,
  ecsStopTimeoutSeconds,
  preStopSleepSeconds,
  runtimeEnvironment,
  runtimeIdleTimeoutMs,
  streamHeartbeatSeconds,
  terminationGracePeriodSeconds,
  shutdownMarginSeconds,
  webGatewayDrainSeconds,
} from "./index.js";

const delaySeconds = drainTimings.drainDelayMs / 1000;
const graceSeconds = drainTimings.drainGraceMs / 1000;

describe("drain timings", () => {
  it("when ECS stops a task, then stopTimeout outlasts the runtime's delay and grace within Fargate's 120 s", () => {
    assert.ok(ecsStopTimeoutSeconds() > delaySeconds + graceSeconds);
    assert.ok(ecsStopTimeoutSeconds() <= 120);
  });

  it("when a pod terminates, then the grace period holds preStop, delay and grace", () => {
    assert.ok(terminationGracePeriodSeconds() > preStopSleepSeconds + delaySeconds + graceSeconds);
  });

  it("when a target deregisters, then the ALB keeps its connections while the target still accepts", () => {
    // EKS: the pod accepts new calls for preStop + delay after deregistration starts.
    assert.ok(deregistrationDelaySeconds() >= preStopSleepSeconds + delaySeconds);
    assert.ok(deregistrationDelaySeconds() < 300, "shorter than the ALB's 300 s default");
  });

  it("when a target turns NOT_SERVING, then the health check removes it within the drain delay", () => {
    const detection = albHealthCheck.intervalSeconds * albHealthCheck.unhealthyThresholdCount;
    assert.ok(detection <= delaySeconds, `${detection} s <= ${delaySeconds} s`);
    assert.ok(albHealthCheck.timeoutSeconds < albHealthCheck.intervalSeconds);
  });
});

describe("web gateway timings", () => {
  it("when a gateway pod stops, then it accepts as long as a service pod does and the ALB keeps its connections until it is gone", () => {
    assert.equal(webGatewayDrainSeconds, preStopSleepSeconds + delaySeconds);
    assert.ok(webGatewayDrainSeconds + shutdownMarginSeconds <= deregistrationDelaySeconds());
  });
});

describe("idle timeouts", () => {
  it("when a stream is quiet, then heartbeats arrive well within the ALB idle timeout", () => {
    assert.ok(albIdleTimeoutSeconds >= 2 * streamHeartbeatSeconds);
  });

  it("when a connection is idle, then the ALB closes it before the target does", () => {
    assert.ok(runtimeIdleTimeoutMs > albIdleTimeoutSeconds * 1000);
  });
});

describe("deployed services", () => {
  it("when the topology is read, then every service gets one ALB path pattern per gRPC service", () => {
    const services = deployedServices();
    assert.equal(services.length, platformServices.length);
    for (const service of services) {
      assert.deepEqual(
        service.albPathPatterns,
        service.grpcServices.map((name) => `/${name}/*`),
      );
    }
  });

  it("when a service has dependencies, then its environment names each dependency's address", () => {
    // Without pricing: an edge to a service the topology lacks is left out.
    const client = deployedServices(referenceTopology.filter((service) => service.name !== "pricing")).find(
      (service) => service.name === "checkout",
    );
    assert.ok(client);
    const environment = runtimeEnvironment(
      client,
      (dependency) => `${dependency.form}:${dependency.name}:${dependency.port}`,
    );
    assert.equal(environment["CATALOG_URLS"], "urls:catalog:50051");
    assert.equal(environment["PRICING_TARGET"], undefined, "pricing is not in this topology");
    assert.equal(environment["PORT"], "50053");
    assert.equal(environment["DRAIN_DELAY_MS"], String(drainTimings.drainDelayMs));
  });

  it("when a service runs in a container, then V8's heap is bounded below the container's memory", () => {
    for (const service of deployedServices()) {
      const environment = runtimeEnvironment(service, () => "");
      const limit = Number(/--max-old-space-size=(\d+)/.exec(environment["NODE_OPTIONS"] ?? "")?.[1]);
      assert.equal(limit, heapLimitMiB(service.sizing));
      assert.ok(limit >= 256, `${limit} MiB leaves the heap room to work`);
      assert.ok(service.sizing.memoryMiB - limit >= 128, "room outside the heap: code, stacks, buffers");
    }
  });

  it("when dependencies are declared, then they name services and never the service itself", () => {
    for (const { name, dependencies } of platformServices) {
      assert.ok(!dependencies.some((edge) => edge.service === name));
      const variables = dependencies.map((edge) => edge.variable);
      assert.equal(new Set(variables).size, variables.length, "one variable per dependency");
    }
  });
});
