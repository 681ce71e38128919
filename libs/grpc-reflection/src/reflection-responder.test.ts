import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, createFileRegistry, fromBinary, type FileRegistry } from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { protoRegistry } from "@switchyard/proto";
import {
  ServerReflectionRequestSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from "@switchyard/proto/grpc/reflection/v1/reflection";
import { createReflectionStreamResponder } from "./index.js";

const NOT_FOUND = 5;
const INVALID_ARGUMENT = 3;

type Query = ServerReflectionRequest["messageRequest"];

function ask(respond: (request: ServerReflectionRequest) => ServerReflectionResponse, query: Query) {
  return respond(create(ServerReflectionRequestSchema, { host: "localhost", messageRequest: query }));
}

function fileNames(response: ServerReflectionResponse): string[] {
  assert.equal(
    response.messageResponse.case,
    "fileDescriptorResponse",
    JSON.stringify(response.messageResponse),
  );
  return response.messageResponse.value.fileDescriptorProto.map(
    (bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name,
  );
}

function errorOf(response: ServerReflectionResponse): { code: number; message: string } {
  assert.equal(response.messageResponse.case, "errorResponse");
  return {
    code: response.messageResponse.value.errorCode,
    message: response.messageResponse.value.errorMessage,
  };
}

/**
 * A proto2 file with a nested message, an enum and two extensions of its own
 * message, built by hand: no .proto in the repository declares extensions.
 */
function extensionRegistry(): FileRegistry {
  const file: FileDescriptorProto = create(FileDescriptorProtoSchema, {
    name: "example/ext.proto",
    package: "example",
    syntax: "proto2",
    messageType: [
      {
        name: "Base",
        field: [
          {
            name: "id",
            number: 1,
            type: FieldDescriptorProto_Type.INT32,
            label: FieldDescriptorProto_Label.OPTIONAL,
          },
        ],
        nestedType: [{ name: "Inner" }],
        enumType: [{ name: "Color", value: [{ name: "COLOR_RED", number: 0 }] }],
        extensionRange: [{ start: 100, end: 200 }],
      },
    ],
    extension: [
      {
        name: "extra",
        number: 150,
        extendee: ".example.Base",
        type: FieldDescriptorProto_Type.STRING,
        label: FieldDescriptorProto_Label.OPTIONAL,
      },
      {
        name: "more",
        number: 101,
        extendee: ".example.Base",
        type: FieldDescriptorProto_Type.INT32,
        label: FieldDescriptorProto_Label.OPTIONAL,
      },
    ],
  });
  return createFileRegistry(create(FileDescriptorSetSchema, { file: [file] }));
}

/** The names of `fileName` and everything it imports, transitively, from the project registry. */
function transitiveImports(fileName: string): Set<string> {
  const names = new Set<string>();
  const visit = (name: string): void => {
    const file = protoRegistry.getFile(name);
    assert.ok(file, `${name} is in the registry`);
    if (names.has(name)) return;
    names.add(name);
    for (const dependency of file.dependencies) visit(dependency.proto.name);
  };
  visit(fileName);
  return names;
}

describe("reflection stream responder", () => {
  const serviceNames = ["switchyard.testing.v1.EchoService", "grpc.health.v1.Health"];

  it("when list_services is asked, then the configured names come back in order", () => {
    const respond = createReflectionStreamResponder({ registry: protoRegistry, serviceNames });
    const response = ask(respond, { case: "listServices", value: "*" });
    assert.equal(response.validHost, "localhost");
    assert.equal(response.originalRequest?.messageRequest.case, "listServices");
    assert.equal(response.messageResponse.case, "listServicesResponse");
    assert.deepEqual(
      response.messageResponse.value.service.map((service) => service.name),
      serviceNames,
    );
  });

  it("when service names come from a function, then each request reads it again", () => {
    const names = ["a.A"];
    const respond = createReflectionStreamResponder({ registry: protoRegistry, serviceNames: () => names });
    names.push("b.B");
    const response = ask(respond, { case: "listServices", value: "" });
    assert.equal(response.messageResponse.case, "listServicesResponse");
    assert.deepEqual(
      response.messageResponse.value.service.map((service) => service.name),
      ["a.A", "b.B"],
    );
  });

  for (const symbol of [
    "switchyard.catalog.v1.CatalogService",
    "switchyard.catalog.v1.CatalogService.GetProduct",
    "switchyard.catalog.v1.GetProductRequest",
    ".switchyard.catalog.v1.GetProductRequest",
    "switchyard.catalog.v1.GetProductRequest.id",
  ]) {
    it(`when the file containing ${symbol} is asked, then it comes first, with every import`, () => {
      const respond = createReflectionStreamResponder({ registry: protoRegistry, serviceNames });
      const names = fileNames(ask(respond, { case: "fileContainingSymbol", value: symbol }));
      assert.equal(names[0], "switchyard/catalog/v1/catalog_service.proto");
      assert.deepEqual(new Set(names), transitiveImports("switchyard/catalog/v1/catalog_service.proto"));
      assert.ok(names.length > 1, "the catalog imports at least one file");
    });
  }

  it("when nested types, enums and enum values are asked, then their file is found", () => {
    const respond = createReflectionStreamResponder({ registry: extensionRegistry(), serviceNames: [] });
    for (const symbol of [
      "example.Base.Inner",
      "example.Base.Color",
      "example.Base.COLOR_RED",
      "example.extra",
    ]) {
      assert.deepEqual(fileNames(ask(respond, { case: "fileContainingSymbol", value: symbol })), [
        "example/ext.proto",
      ]);
    }
    assert.equal(
      errorOf(
        ask(respond, { case: "fileContainingSymbol", value: "grpc.health.v1.HealthCheckResponse.SERVING" }),
      ).code,
      NOT_FOUND,
      "a symbol of another registry is not found",
    );
  });

  it("when a file is asked by name, then it and its imports come back, and imports only once per stream", () => {
    const respond = createReflectionStreamResponder({ registry: protoRegistry, serviceNames });
    const file = "switchyard/catalog/v1/catalog_service.proto";
    const first = fileNames(ask(respond, { case: "fileByFilename", value: file }));
    assert.deepEqual(new Set(first), transitiveImports(file));
    assert.deepEqual(fileNames(ask(respond, { case: "fileByFilename", value: file })), [file]);
    const otherStream = createReflectionStreamResponder({ registry: protoRegistry, serviceNames });
    assert.deepEqual(fileNames(ask(otherStream, { case: "fileByFilename", value: file })), first);
  });

  it("when the returned descriptors are loaded into a registry, then every type resolves", () => {
    const respond = createReflectionStreamResponder({ registry: protoRegistry, serviceNames });
    const response = ask(respond, {
      case: "fileContainingSymbol",
      value: "switchyard.catalog.v1.CatalogService",
    });
    assert.equal(response.messageResponse.case, "fileDescriptorResponse");
    const files = response.messageResponse.value.fileDescriptorProto.map((bytes) =>
      fromBinary(FileDescriptorProtoSchema, bytes),
    );
    // Only files from the response, each after its imports: a missing import fails here.
    const ordered: FileDescriptorProto[] = [];
    const visit = (name: string): void => {
      if (ordered.some((file) => file.name === name)) return;
      const file = files.find((candidate) => candidate.name === name);
      assert.ok(file, `the response carries ${name}`);
      file.dependency.forEach(visit);
      ordered.push(file);
    };
    files.forEach((file) => {
      visit(file.name);
    });
    const rebuilt = createFileRegistry(create(FileDescriptorSetSchema, { file: ordered }));
    assert.deepEqual(
      rebuilt.getService("switchyard.catalog.v1.CatalogService")?.methods.map((method) => method.name),
      protoRegistry.getService("switchyard.catalog.v1.CatalogService")?.methods.map((method) => method.name),
    );
  });

  it("when an extension is asked by type and number, then its file comes back", () => {
    const respond = createReflectionStreamResponder({ registry: extensionRegistry(), serviceNames: [] });
    const query: Query = {
      case: "fileContainingExtension",
      value: {
        $typeName: "grpc.reflection.v1.ExtensionRequest",
        containingType: "example.Base",
        extensionNumber: 150,
      },
    };
    assert.deepEqual(fileNames(ask(respond, query)), ["example/ext.proto"]);
  });

  it("when all extension numbers of a type are asked, then they come back sorted", () => {
    const respond = createReflectionStreamResponder({ registry: extensionRegistry(), serviceNames: [] });
    const response = ask(respond, { case: "allExtensionNumbersOfType", value: "example.Base" });
    assert.equal(response.messageResponse.case, "allExtensionNumbersResponse");
    assert.equal(response.messageResponse.value.baseTypeName, "example.Base");
    assert.deepEqual(response.messageResponse.value.extensionNumber, [101, 150]);
  });

  it("when a message has no extensions, then the number list is empty", () => {
    const respond = createReflectionStreamResponder({ registry: protoRegistry, serviceNames });
    const response = ask(respond, {
      case: "allExtensionNumbersOfType",
      value: "grpc.health.v1.HealthCheckRequest",
    });
    assert.equal(response.messageResponse.case, "allExtensionNumbersResponse");
    assert.deepEqual(response.messageResponse.value.extensionNumber, []);
  });

  it("when unknown names are asked, then each answer is an error response and the stream goes on", () => {
    const respond = createReflectionStreamResponder({ registry: extensionRegistry(), serviceNames: [] });
    const unknown: Query[] = [
      { case: "fileContainingSymbol", value: "no.Such" },
      { case: "fileByFilename", value: "no/such.proto" },
      {
        case: "fileContainingExtension",
        value: {
          $typeName: "grpc.reflection.v1.ExtensionRequest",
          containingType: "example.Base",
          extensionNumber: 199,
        },
      },
      { case: "allExtensionNumbersOfType", value: "no.Such" },
    ];
    for (const query of unknown) {
      const error = errorOf(ask(respond, query));
      assert.equal(error.code, NOT_FOUND, error.message);
      assert.match(error.message, /not found/);
    }
    assert.equal(errorOf(ask(respond, { case: undefined })).code, INVALID_ARGUMENT);
    assert.deepEqual(fileNames(ask(respond, { case: "fileByFilename", value: "example/ext.proto" })), [
      "example/ext.proto",
    ]);
  });
});
