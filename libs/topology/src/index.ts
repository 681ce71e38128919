export { platformServices, findPlatformService } from "./platform-services.js";
export type { PlatformService, ServiceStack } from "./platform-services.js";
