export { PlatformStack } from "./platform-stack.js";
export type { PlatformStackOptions } from "./platform-stack.js";
export { GrpcFargateService, grpcPortMappingName } from "./grpc-fargate-service.js";
export type { GrpcFargateServiceOptions } from "./grpc-fargate-service.js";
export { platformStackOptionsFromContext } from "./platform-app.js";
export { skipCheckovChecks } from "./checkov-skips.js";
export type { CheckovSkip } from "./checkov-skips.js";
export { synthesizePlatform } from "./synthesize-platform.js";
export type { SynthesizedPlatform } from "./synthesize-platform.js";
