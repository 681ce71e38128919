import { protoRegistry } from "@switchyard/proto";

/** Method names of the gRPC service `typeName` in the proto registry; empty when it is unknown. */
export function grpcMethodNames(typeName: string): string[] {
  return protoRegistry.getService(typeName)?.methods.map((method) => method.name) ?? [];
}

/** Names of the unary methods of the gRPC service `typeName`; empty when it is unknown. */
export function unaryMethodNames(typeName: string): string[] {
  return (
    protoRegistry
      .getService(typeName)
      ?.methods.filter((method) => method.methodKind === "unary")
      .map((method) => method.name) ?? []
  );
}
