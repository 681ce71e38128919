import type { App } from "aws-cdk-lib";
import type { PlatformStackOptions } from "./platform-stack.js";

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "number")
    return String(value);
  throw new Error(`context ${key} must be a string, got ${JSON.stringify(value)}`);
}

/**
 * Reads {@link PlatformStackOptions} from CDK context (`-c key=value` or
 * cdk.json): `vpcId`, `cpuArchitecture`, `deletionProtection`; the region from
 * the CLI's environment (the credentials' region), else the `region` context
 * (ALB access logs need a concrete region: the log writer's principal differs by
 * region), and the account from the CLI's environment (VPC lookups need it).
 * Throws naming the key when a value is invalid.
 */
export function platformStackOptionsFromContext(app: App): PlatformStackOptions {
  const vpcId = contextString(app, "vpcId");
  const cpuArchitecture = contextString(app, "cpuArchitecture") ?? "ARM64";
  if (cpuArchitecture !== "ARM64" && cpuArchitecture !== "X86_64") {
    throw new Error(`context cpuArchitecture must be ARM64 or X86_64, got "${cpuArchitecture}"`);
  }
  const deletionProtection = contextString(app, "deletionProtection") ?? "true";
  if (deletionProtection !== "true" && deletionProtection !== "false") {
    throw new Error(`context deletionProtection must be true or false, got "${deletionProtection}"`);
  }
  const account = process.env["CDK_DEFAULT_ACCOUNT"];
  const region = process.env["CDK_DEFAULT_REGION"] ?? contextString(app, "region");
  if (region === undefined) throw new Error("context region (or the CLI's CDK_DEFAULT_REGION) must be set");
  return {
    cpuArchitecture,
    deletionProtection: deletionProtection === "true",
    ...(vpcId === undefined ? {} : { vpcId }),
    env: account === undefined ? { region } : { account, region },
  };
}
