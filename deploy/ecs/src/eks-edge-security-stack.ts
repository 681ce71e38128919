import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import type { DeployedService } from "@switchyard/deploy-settings";
import { LoadBalancerFirewall } from "./load-balancer-firewall.js";
import { PlatformIdentity } from "./platform-identity.js";

/** The output id of the environment variable `name`: `AUTH_JWKS_URL` is `AuthJwksUrl`. */
export function outputIdOf(name: string): string {
  return name
    .toLowerCase()
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** Options for {@link EksEdgeSecurityStack}. */
export interface EksEdgeSecurityStackOptions extends StackProps {
  /** The services the EKS manifests deploy: their proto policies give the resource server's scopes. */
  readonly services: readonly DeployedService[];
  /** Retain the user pool and refuse its deletion (production). */
  readonly deletionProtection: boolean;
}

/**
 * The EKS deploy's identity and firewall, which no Kubernetes manifest can create: the same
 * Cognito user pool ({@link PlatformIdentity}) and AWS WAF web ACL
 * ({@link LoadBalancerFirewall}) as the ECS stack, standing alone. The AWS Load Balancer
 * Controller associates the ACL with the Ingress's ALB through the
 * `alb.ingress.kubernetes.io/wafv2-acl-arn` annotation; the outputs are what the overlays'
 * `switchyard-auth` ConfigMap and Ingress patches take (`cdk deploy SwitchyardEksEdge`, see
 * deploy/README.md).
 */
export class EksEdgeSecurityStack extends Stack {
  readonly identity: PlatformIdentity;
  readonly firewall: LoadBalancerFirewall;

  constructor(scope: Construct, id: string, options: EksEdgeSecurityStackOptions) {
    super(scope, id, options);
    const key = new Key(this, "Key", {
      description: "Encrypts the Switchyard EKS edge's WAF logs and checkout's client secret",
      enableKeyRotation: true,
    });
    key.grantEncryptDecrypt(new ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    this.identity = new PlatformIdentity(this, "Identity", {
      services: options.services,
      key,
      deletionProtection: options.deletionProtection,
    });
    this.firewall = new LoadBalancerFirewall(this, "Firewall", { logKey: key });

    new CfnOutput(this, "WebAclArn", {
      value: this.firewall.webAcl.attrArn,
      description: "The Ingress annotation alb.ingress.kubernetes.io/wafv2-acl-arn",
    });
    for (const [name, value] of Object.entries({
      ...this.identity.serviceEnvironment,
      ...this.identity.checkoutEnvironment,
    })) {
      new CfnOutput(this, outputIdOf(name), {
        value,
        description: `The switchyard-auth ConfigMap's ${name}`,
      });
    }
    if (this.identity.checkoutClientSecret !== undefined) {
      new CfnOutput(this, "CheckoutClientSecretArn", {
        value: this.identity.checkoutClientSecret.secretArn,
        description:
          "Copy into the switchyard-checkout-auth Secret (key client-secret), e.g. with External Secrets",
      });
    }
  }
}
