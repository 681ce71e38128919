/**
 * The public surface of the proto lib: a registry of every file generated from
 * `proto/`. Generated messages and services are imported per proto package,
 * e.g. `@switchyard/proto/switchyard/catalog/v1/catalog_service`.
 */
export { protoRegistry, protoFiles } from "./proto-registry.js";
