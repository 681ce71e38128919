export {
  dataOwners,
  databaseUrlVariable,
  dependencyAddress,
  dependencyEnvironment,
  findPlatformService,
  isCalledBy,
  platformServices,
  startOrder,
  startWaves,
} from "./platform-services.js";
export type {
  DependencyAddressForm,
  DependencyAddressOptions,
  DependencyEdge,
  DependencyEndpoint,
  PlatformService,
  ServiceStack,
} from "./platform-services.js";
