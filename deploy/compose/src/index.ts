export { composeReplicas, composeSubnet, composeDynamicRange, composeEnvoyPort } from "./compose-file.js";
export { composeEnvoyAdminPort, composeJaegerUiPort, composeVariables } from "./compose-file.js";
export { composeReplicasOf, renderComposeEnvoyConfig, composeStopGracePeriod } from "./compose-file.js";
export { renderComposeFile } from "./compose-file.js";
export { composePostgresDefaultPassword, composePostgresService } from "./compose-file.js";
export type { ComposeReplica } from "./compose-file.js";
export { composeDirectory, renderCheckedInCompose } from "./checked-in-compose.js";
export { validateComposeFile, composeSpecSchemaPath } from "./compose-spec-validator.js";
export {
  composePostgresImage,
  composePostgresUnavailable,
  startComposeStack,
  testComposeProject,
} from "./compose-stack.js";
export type { ComposeStack, StartComposeStackOptions } from "./compose-stack.js";
