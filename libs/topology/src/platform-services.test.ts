import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { protoRegistry } from "@switchyard/proto";
import { existsSync } from "node:fs";
import {
  dataOwners,
  dependencyAddress,
  findPlatformService,
  platformServices,
  startOrder,
} from "./platform-services.js";

describe("platform services", () => {
  it("when services are declared, then names and ports are unique", () => {
    const names = platformServices.map((service) => service.name);
    const ports = platformServices.map((service) => service.port);
    assert.equal(new Set(names).size, names.length);
    assert.equal(new Set(ports).size, ports.length);
  });

  it("when a gRPC service is routed, then the proto registry defines it", () => {
    for (const service of platformServices) {
      for (const grpcService of service.grpcServices) {
        assert.ok(protoRegistry.getService(grpcService), `${grpcService} is generated`);
      }
    }
  });

  it("when a service owns data, then its app ships migrations, and no other app does", () => {
    const owners = dataOwners(platformServices).map((service) => service.name);
    assert.deepEqual(owners, ["catalog", "checkout"]);
    for (const service of platformServices) {
      const migrations = new URL(`../../../apps/${service.name}/migrations/`, import.meta.url);
      assert.equal(existsSync(migrations), owners.includes(service.name), `apps/${service.name}/migrations`);
    }
  });

  it("when an unknown service is looked up, then the error names the known ones", () => {
    assert.throws(() => findPlatformService("nope"), /unknown platform service "nope" \(known: catalog/);
  });

  it("when services call others, then every edge names a declared service and the list is in start order", () => {
    for (const service of platformServices) {
      for (const edge of service.dependencies) findPlatformService(edge.service);
    }
    assert.deepEqual(
      startOrder(platformServices).map((service) => service.name),
      platformServices.map((service) => service.name),
    );
  });

  it("when edges form a cycle, then start order names the services in it", () => {
    const a = { name: "a", stack: "grpc-js", port: 1, grpcServices: [], dependencies: [] } as const;
    const cyclic = [
      { ...a, dependencies: [{ service: "b", variable: "B", form: "urls" as const }] },
      { ...a, name: "b", dependencies: [{ service: "a", variable: "A", form: "urls" as const }] },
    ];
    assert.throws(() => startOrder(cyclic), /dependency cycle among a, b/);
  });

  it("when a dependency's address is built, then each form reads as its client expects", () => {
    const ips = [
      { host: "127.0.0.1", port: 50051 },
      { host: "127.0.0.2", port: 50051 },
    ];
    assert.equal(dependencyAddress("urls", ips), "http://127.0.0.1:50051,http://127.0.0.2:50051");
    assert.equal(dependencyAddress("grpc-target", ips), "ipv4:127.0.0.1:50051,127.0.0.2:50051");
    assert.equal(dependencyAddress("grpc-target", [{ host: "::1", port: 7 }]), "ipv6:[::1]:7");
    assert.equal(
      dependencyAddress("grpc-target", [{ host: "pricing", port: 50052 }]),
      "dns:///pricing:50052",
    );
    assert.equal(dependencyAddress("urls", [{ host: "catalog", port: 50051 }]), "http://catalog:50051");
    assert.equal(
      dependencyAddress("urls", [{ host: "catalog", port: 50051 }], { tls: true }),
      "https://catalog:50051",
    );
    assert.equal(
      dependencyAddress("grpc-target", ips, { tls: true }),
      "ipv4:127.0.0.1:50051,127.0.0.2:50051",
    );
    assert.throws(() =>
      dependencyAddress("grpc-target", [
        { host: "a", port: 1 },
        { host: "b", port: 1 },
      ]),
    );
  });
});
