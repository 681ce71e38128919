export {
  composeReplicas,
  composeSubnet,
  composeDynamicRange,
  composeEnvoyPort,
  composeEnvoyAdminPort,
  composeJaegerUiPort,
  composeVariables,
  composePostgresDefaultPassword,
  composePostgresService,
  composeReplicasOf,
  renderComposeEnvoyConfig,
  composeStopGracePeriod,
  renderComposeFile,
} from "./compose-file.js";
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
