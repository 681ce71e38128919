import {
  create,
  toBinary,
  type DescExtension,
  type DescFile,
  type FileRegistry,
  type MessageInitShape,
} from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import {
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from "@switchyard/proto/grpc/reflection/v1/reflection";
import type { ReflectionOptions } from "./reflection-options.js";

// Canonical gRPC status codes used in ErrorResponse.error_code.
const NOT_FOUND = 5;
const INVALID_ARGUMENT = 3;

type ResponseInit = Exclude<
  MessageInitShape<typeof ServerReflectionResponseSchema>,
  ServerReflectionResponse
>;

/** Answers one request of a reflection stream. */
export type ReflectionStreamResponder = (request: ServerReflectionRequest) => ServerReflectionResponse;

/** Where every symbol is declared, and every extension of each message, built once per registry. */
interface SymbolIndex {
  readonly files: ReadonlyMap<string, DescFile>;
  readonly extensions: ReadonlyMap<string, readonly DescExtension[]>;
}

function buildSymbolIndex(registry: FileRegistry): SymbolIndex {
  const files = new Map<string, DescFile>();
  const extensions = new Map<string, DescExtension[]>();
  for (const desc of registry) {
    files.set(desc.typeName, desc.file);
    switch (desc.kind) {
      case "message":
        for (const field of desc.fields) files.set(`${desc.typeName}.${field.name}`, desc.file);
        for (const oneof of desc.oneofs) files.set(`${desc.typeName}.${oneof.name}`, desc.file);
        break;
      case "enum": {
        // Enum values are scoped as siblings of their enum, as in protobuf's descriptor pool.
        const scope = desc.parent?.typeName ?? desc.file.proto.package;
        for (const value of desc.values)
          files.set(scope === "" ? value.name : `${scope}.${value.name}`, desc.file);
        break;
      }
      case "service":
        for (const method of desc.methods) files.set(`${desc.typeName}.${method.name}`, desc.file);
        break;
      case "extension": {
        const list = extensions.get(desc.extendee.typeName) ?? [];
        list.push(desc);
        extensions.set(desc.extendee.typeName, list);
        break;
      }
    }
  }
  return { files, extensions };
}

const indexes = new WeakMap<FileRegistry, SymbolIndex>();

function symbolIndex(registry: FileRegistry): SymbolIndex {
  let index = indexes.get(registry);
  if (index === undefined) {
    index = buildSymbolIndex(registry);
    indexes.set(registry, index);
  }
  return index;
}

/**
 * Creates the responder for one reflection stream. File descriptors are
 * answered with their transitive imports, as grpcurl expects; an import
 * already sent on this stream is not sent again (the requested file always
 * is), as grpc-go's reflection server does. Failures are `error_response`
 * messages (NOT_FOUND, INVALID_ARGUMENT); the stream stays open.
 *
 * Long by design: a closure-based object; its short methods share what the stream has already sent.
 */
export function createReflectionStreamResponder(options: ReflectionOptions): ReflectionStreamResponder {
  const { registry } = options;
  const sent = new Set<string>();

  const withDependencies = (file: DescFile): Uint8Array[] => {
    const encoded: Uint8Array[] = [];
    const queue: DescFile[] = [file];
    const visited = new Set<string>();
    for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
      if (visited.has(current.proto.name)) continue;
      visited.add(current.proto.name);
      if (encoded.length === 0 || !sent.has(current.proto.name)) {
        sent.add(current.proto.name);
        encoded.push(toBinary(FileDescriptorProtoSchema, current.proto));
      }
      queue.push(...current.dependencies);
    }
    return encoded;
  };

  const respond = (
    request: ServerReflectionRequest,
    messageResponse: NonNullable<ResponseInit["messageResponse"]>,
  ): ServerReflectionResponse =>
    create(ServerReflectionResponseSchema, {
      validHost: request.host,
      originalRequest: request,
      messageResponse,
    });

  const fileResponse = (request: ServerReflectionRequest, file: DescFile): ServerReflectionResponse =>
    respond(request, {
      case: "fileDescriptorResponse",
      value: { fileDescriptorProto: withDependencies(file) },
    });

  const errorResponse = (
    request: ServerReflectionRequest,
    errorCode: number,
    errorMessage: string,
  ): ServerReflectionResponse =>
    respond(request, { case: "errorResponse", value: { errorCode, errorMessage } });

  return (request) => {
    const message = request.messageRequest;
    switch (message.case) {
      case "listServices": {
        const names =
          typeof options.serviceNames === "function" ? options.serviceNames() : options.serviceNames;
        return respond(request, {
          case: "listServicesResponse",
          value: { service: names.map((name) => ({ name })) },
        });
      }
      case "fileByFilename": {
        const file = registry.getFile(message.value);
        return file
          ? fileResponse(request, file)
          : errorResponse(request, NOT_FOUND, `file "${message.value}" not found`);
      }
      case "fileContainingSymbol": {
        const file = symbolIndex(registry).files.get(message.value.replace(/^\./, ""));
        return file
          ? fileResponse(request, file)
          : errorResponse(request, NOT_FOUND, `symbol "${message.value}" not found`);
      }
      case "fileContainingExtension": {
        const { containingType, extensionNumber } = message.value;
        const extension = symbolIndex(registry)
          .extensions.get(containingType)
          ?.find((candidate) => candidate.number === extensionNumber);
        return extension
          ? fileResponse(request, extension.file)
          : errorResponse(
              request,
              NOT_FOUND,
              `extension ${extensionNumber} of "${containingType}" not found`,
            );
      }
      case "allExtensionNumbersOfType": {
        if (registry.getMessage(message.value) === undefined) {
          return errorResponse(request, NOT_FOUND, `message "${message.value}" not found`);
        }
        const numbers = (symbolIndex(registry).extensions.get(message.value) ?? []).map((ext) => ext.number);
        return respond(request, {
          case: "allExtensionNumbersResponse",
          value: { baseTypeName: message.value, extensionNumber: numbers.sort((a, b) => a - b) },
        });
      }
      case undefined:
        return errorResponse(request, INVALID_ARGUMENT, "the request names no reflection query");
    }
  };
}
