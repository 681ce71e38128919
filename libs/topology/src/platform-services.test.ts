import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { protoRegistry } from "@switchyard/proto";
import { findPlatformService, platformServices } from "./platform-services.js";

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

  it("when an unknown service is looked up, then the error names the known ones", () => {
    assert.throws(() => findPlatformService("nope"), /unknown platform service "nope" \(known: catalog/);
  });
});
