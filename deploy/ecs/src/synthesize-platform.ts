import { App } from "aws-cdk-lib";
import { AlbAccessLogStack } from "./alb-access-log-stack.js";
import { deployedServices } from "@switchyard/deploy-settings";
import { cdkJsonContext } from "./cdk-context.js";
import { EksEdgeSecurityStack } from "./eks-edge-security-stack.js";
import { PlatformStack, type PlatformStackOptions } from "./platform-stack.js";
import { StorefrontStack } from "./storefront-stack.js";

/** A synthesized platform: the stack and its CloudFormation template. */
export interface SynthesizedPlatform {
  readonly stack: PlatformStack;
  /** The template as CloudFormation receives it. */
  readonly template: Record<string, unknown>;
  /** The template of the {@link AlbAccessLogStack} the same app defines (for the EKS Ingress's ALB). */
  readonly accessLogTemplate: Record<string, unknown>;
  /** The template of the {@link EksEdgeSecurityStack} the same app defines (Cognito and WAF for EKS). */
  readonly eksEdgeTemplate: Record<string, unknown>;
  /** The template of the {@link StorefrontStack} the same app defines (the storefront's files, for ECS and EKS). */
  readonly storefrontTemplate: Record<string, unknown>;
}

/**
 * Synthesizes the {@link PlatformStack} (and the {@link AlbAccessLogStack}, {@link EksEdgeSecurityStack} and {@link StorefrontStack} beside it) in-process (no AWS account, no Docker:
 * images are referenced by ECR repository and tag, not built) and returns its
 * template. Each call builds a fresh CDK app with the feature flags of cdk.json,
 * as `cdk synth` does.
 */
export function synthesizePlatform(options: PlatformStackOptions = {}): SynthesizedPlatform {
  const app = new App({ context: { ...cdkJsonContext } });
  // The region cdk.json names, as an offline `cdk synth` without credentials uses it.
  const region = String(cdkJsonContext["region"]);
  const stack = new PlatformStack(app, "Switchyard", { env: { region }, ...options });
  const accessLogs = new AlbAccessLogStack(app, "SwitchyardAlbLogs", { env: options.env ?? { region } });
  const eksEdge = new EksEdgeSecurityStack(app, "SwitchyardEksEdge", {
    env: options.env ?? { region },
    services: options.services ?? deployedServices(),
    deletionProtection: options.deletionProtection ?? true,
  });
  const storefront = new StorefrontStack(app, "SwitchyardStorefront", { env: options.env ?? { region } });
  const assembly = app.synth();
  const templateOf = (artifactId: string): Record<string, unknown> =>
    assembly.getStackArtifact(artifactId).template as Record<string, unknown>;
  return {
    stack,
    template: templateOf(stack.artifactId),
    accessLogTemplate: templateOf(accessLogs.artifactId),
    eksEdgeTemplate: templateOf(eksEdge.artifactId),
    storefrontTemplate: templateOf(storefront.artifactId),
  };
}
