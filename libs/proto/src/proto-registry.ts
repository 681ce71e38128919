import { create, createFileRegistry, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { file_opentelemetry_proto_collector_trace_v1_trace_service } from "./gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js";
import { file_opentelemetry_proto_common_v1_common } from "./gen/opentelemetry/proto/common/v1/common_pb.js";
import { file_opentelemetry_proto_resource_v1_resource } from "./gen/opentelemetry/proto/resource/v1/resource_pb.js";
import { file_opentelemetry_proto_trace_v1_trace } from "./gen/opentelemetry/proto/trace/v1/trace_pb.js";
import { file_buf_validate_validate } from "./gen/buf/validate/validate_pb.js";
import { file_google_rpc_error_details } from "./gen/google/rpc/error_details_pb.js";
import { file_google_rpc_status } from "./gen/google/rpc/status_pb.js";
import { file_grpc_health_v1_health } from "./gen/grpc/health/v1/health_pb.js";
import { file_switchyard_testing_v1_runtime_probe } from "./gen/switchyard/testing/v1/runtime_probe_pb.js";
import { file_grpc_reflection_v1_reflection } from "./gen/grpc/reflection/v1/reflection_pb.js";
import { file_grpc_reflection_v1alpha_reflection } from "./gen/grpc/reflection/v1alpha/reflection_pb.js";
import { file_switchyard_catalog_v1_catalog_service } from "./gen/switchyard/catalog/v1/catalog_service_pb.js";
import { file_switchyard_type_v1_money } from "./gen/switchyard/type/v1/money_pb.js";
import { file_switchyard_auth_v1_policy } from "./gen/switchyard/auth/v1/policy_pb.js";
import { file_switchyard_pricing_v1_pricing_service } from "./gen/switchyard/pricing/v1/pricing_service_pb.js";
import { file_switchyard_checkout_v1_checkout_service } from "./gen/switchyard/checkout/v1/checkout_service_pb.js";
import { file_switchyard_testing_v1_echo_service } from "./gen/switchyard/testing/v1/echo_service_pb.js";
import { file_switchyard_health_v1_load_balancer_probe } from "./gen/switchyard/health/v1/load_balancer_probe_pb.js";

/**
 * Every file generated from `proto/`. Add a line here when a .proto file is
 * added; a test fails when one is missing.
 */
export const protoFiles: readonly DescFile[] = [
  file_opentelemetry_proto_collector_trace_v1_trace_service,
  file_opentelemetry_proto_common_v1_common,
  file_opentelemetry_proto_resource_v1_resource,
  file_opentelemetry_proto_trace_v1_trace,
  file_buf_validate_validate,
  file_google_rpc_status,
  file_google_rpc_error_details,
  file_switchyard_testing_v1_runtime_probe,
  file_grpc_health_v1_health,
  file_grpc_reflection_v1_reflection,
  file_grpc_reflection_v1alpha_reflection,
  file_switchyard_catalog_v1_catalog_service,
  file_switchyard_type_v1_money,
  file_switchyard_auth_v1_policy,
  file_switchyard_pricing_v1_pricing_service,
  file_switchyard_checkout_v1_checkout_service,
  file_switchyard_testing_v1_echo_service,
  file_switchyard_health_v1_load_balancer_probe,
];

/** Descriptors of `files` and everything they import, each file after its imports. */
function collectInDependencyOrder(files: readonly DescFile[]): FileDescriptorProto[] {
  const seen = new Set<string>();
  const ordered: FileDescriptorProto[] = [];
  const visit = (file: DescFile): void => {
    if (seen.has(file.proto.name)) return;
    seen.add(file.proto.name);
    file.dependencies.forEach(visit);
    ordered.push(file.proto);
  };
  files.forEach(visit);
  return ordered;
}

/**
 * A registry of every generated file and, transitively, the files they import
 * (such as google/protobuf/descriptor.proto). Server reflection and JSON
 * transcoding read types and file descriptors from it.
 */
export const protoRegistry: FileRegistry = createFileRegistry(
  create(FileDescriptorSetSchema, { file: collectInDependencyOrder(protoFiles) }),
);
