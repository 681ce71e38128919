import type { FileRegistry } from "@bufbuild/protobuf";

/** What server reflection describes, for `registerReflectionConnect` and `addReflectionToGrpcJsServer`. */
export interface ReflectionOptions {
  /** Every file reflection may describe, with its imports (e.g. `protoRegistry` from `@switchyard/proto`). */
  readonly registry: FileRegistry;
  /**
   * Fully-qualified names of the services the server serves, answered to
   * `list_services` in this order. A function is read on each request, for
   * servers that add services after start-up.
   */
  readonly serviceNames: readonly string[] | (() => readonly string[]);
}
