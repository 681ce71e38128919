import { App } from "aws-cdk-lib";
import { cdkJsonContext } from "./cdk-context.js";
import { PlatformStack, type PlatformStackOptions } from "./platform-stack.js";

/** A synthesized platform: the stack and its CloudFormation template. */
export interface SynthesizedPlatform {
  readonly stack: PlatformStack;
  /** The template as CloudFormation receives it. */
  readonly template: Record<string, unknown>;
}

/**
 * Synthesizes the {@link PlatformStack} in-process (no AWS account, no Docker:
 * images are referenced by ECR repository and tag, not built) and returns its
 * template. Each call builds a fresh CDK app with the feature flags of cdk.json,
 * as `cdk synth` does.
 */
export function synthesizePlatform(options: PlatformStackOptions = {}): SynthesizedPlatform {
  const app = new App({ context: { ...cdkJsonContext } });
  // The region cdk.json names, as an offline `cdk synth` without credentials uses it.
  const region = String(cdkJsonContext["region"]);
  const stack = new PlatformStack(app, "Switchyard", { env: { region }, ...options });
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as Record<string, unknown>;
  return { stack, template };
}
