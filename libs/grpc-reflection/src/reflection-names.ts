/** Fully-qualified names of the reflection services this lib registers, for `list_services`. */
export const reflectionServiceNames: readonly string[] = [
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
];
