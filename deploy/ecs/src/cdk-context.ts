import { readFileSync } from "node:fs";

/**
 * The context of `deploy/ecs/cdk.json`: the CDK feature flags (every flag the
 * installed aws-cdk-lib knows, at its recommended value, so `cdk flags` reports
 * none unset) and the app's defaults. The CLI passes it to `cdk synth`; the
 * in-process synthesis of the tests reads the same file, so both build the same
 * template.
 */
export const cdkJsonContext: Readonly<Record<string, unknown>> = (
  JSON.parse(readFileSync(new URL("../cdk.json", import.meta.url), "utf8")) as {
    context: Record<string, unknown>;
  }
).context;
