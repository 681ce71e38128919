import { ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

/**
 * Requests one client IP may make in {@link rateLimitWindowSeconds} before WAF blocks it.
 * gRPC multiplexes many calls over few connections, and a whole company may sit behind one
 * NAT address: the limit is per IP over a short window, high enough for a busy integration
 * (about 33 calls/s sustained), low enough to cut a single-source flood within a minute.
 */
export const rateLimitPerIp = 2000;
/** The rate-based rule's evaluation window: the shortest WAF offers, so a flood is cut fast. */
export const rateLimitWindowSeconds = 60;

/**
 * The body rules of AWS's common rule set, set to count only: gRPC bodies are binary
 * protobuf (length-prefixed frames), which these text-pattern rules were not written for,
 * and a client stream (ImportLineItems) is longer than SizeRestrictions_BODY's 8 KB by
 * design. Size is bounded by the services themselves (4 MiB per message, RESOURCE_EXHAUSTED).
 */
export const countedBodyRules = [
  "SizeRestrictions_BODY",
  "CrossSiteScripting_BODY",
  "GenericLFI_BODY",
  "GenericRFI_BODY",
  "EC2MetaDataSSRF_BODY",
] as const;

/** Options for {@link LoadBalancerFirewall}. */
export interface LoadBalancerFirewallOptions {
  /**
   * The ARN of the load balancer the web ACL protects. Without one the ACL stands alone, for
   * a load balancer created elsewhere (the EKS Ingress's, which the AWS Load Balancer
   * Controller associates through its `wafv2-acl-arn` annotation).
   */
  readonly loadBalancerArn?: string;
  /** Encrypts the WAF log group. */
  readonly logKey: IKey;
}

/**
 * AWS WAF in front of the ALB: a per-IP rate-based rule (blocked requests get HTTP 429,
 * which gRPC clients read as UNAVAILABLE and may retry with backoff; WAF cannot set a
 * `grpc-status`), AWS's common rule set with its body rules counted (see
 * {@link countedBodyRules}), the known-bad-inputs set (Log4j and the like, on headers and
 * path), and logs to CloudWatch for a month.
 */
export class LoadBalancerFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, options: LoadBalancerFirewallOptions) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const managed = (name: string, priority: number, counted: readonly string[] = []) => ({
      name: `aws-${name}`,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: "AWS",
          name,
          ...(counted.length === 0
            ? {}
            : { ruleActionOverrides: counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }),
        },
      },
      visibilityConfig: visibility(name),
    });
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility("switchyard-alb"),
      rules: [
        {
          name: "rate-limit-per-ip",
          priority: 0,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              limit: rateLimitPerIp,
              evaluationWindowSec: rateLimitWindowSeconds,
              aggregateKeyType: "IP",
            },
          },
          visibilityConfig: visibility("rate-limit-per-ip"),
        },
        managed("AWSManagedRulesCommonRuleSet", 1, countedBodyRules),
        managed("AWSManagedRulesKnownBadInputsRuleSet", 2),
      ],
    });
    if (options.loadBalancerArn !== undefined) {
      new CfnWebACLAssociation(this, "Association", {
        resourceArn: options.loadBalancerArn,
        webAclArn: this.webAcl.attrArn,
      });
    }
    // WAF log groups must be named aws-waf-logs-*.
    const logGroupName = `aws-waf-logs-switchyard-${this.node.addr.slice(0, 8)}`;
    new LogGroup(this, "Logs", {
      logGroupName,
      retention: RetentionDays.ONE_MONTH,
      encryptionKey: options.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new CfnLoggingConfiguration(this, "Logging", {
      resourceArn: this.webAcl.attrArn,
      // The log group's ARN without the ":*" suffix CDK's logGroupArn carries, as WAF wants it.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: "logs",
          resource: "log-group",
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // Tokens never reach the logs.
      redactedFields: [{ singleHeader: { Name: "authorization" } }],
    });
  }
}
