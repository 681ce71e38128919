import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { synthesizePlatform } from "./synthesize-platform.js";

const { storefrontTemplate, template: platformTemplate } = synthesizePlatform();
const template = Template.fromJSON(storefrontTemplate);
type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = Object.entries(storefrontTemplate["Resources"] as Record<string, Resource>);

function onlyOf(type: string): [string, Resource] {
  const found = resources.filter(([, resource]) => resource.Type === type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0] as [string, Resource];
}

describe("the storefront's files behind CloudFront", () => {
  it("when a viewer connects, then it gets TLS 1.2+ on the storefront's own name and certificate, HTTPS only", () => {
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        Aliases: [{ Ref: "DomainName" }],
        DefaultRootObject: "index.html",
        ViewerCertificate: {
          AcmCertificateArn: { Ref: "CertificateArn" },
          MinimumProtocolVersion: "TLSv1.2_2021",
          SslSupportMethod: "sni-only",
        },
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: "redirect-to-https",
          AllowedMethods: ["GET", "HEAD"],
        }),
      }),
    });
  });

  it("when the API is called, then it is not through CloudFront: one S3 origin and no other behaviour", () => {
    const [, distribution] = onlyOf("AWS::CloudFront::Distribution");
    const config = distribution.Properties["DistributionConfig"] as {
      Origins: { S3OriginConfig?: unknown; OriginAccessControlId?: unknown }[];
      CacheBehaviors?: unknown[];
    };
    assert.equal(config.Origins.length, 1);
    assert.ok(config.Origins[0]?.S3OriginConfig !== undefined && config.Origins[0].OriginAccessControlId);
    assert.equal(config.CacheBehaviors, undefined);
  });

  it("when anyone but the distribution asks the bucket, then S3 refuses: no public access, and only this distribution may read", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    });
    const [distributionId] = onlyOf("AWS::CloudFront::Distribution");
    template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({ SigningBehavior: "always", SigningProtocol: "sigv4" }),
    });
    const policies = resources.filter(([, resource]) => resource.Type === "AWS::S3::BucketPolicy");
    const allows = policies.flatMap(([, policy]) =>
      (
        policy.Properties["PolicyDocument"] as {
          Statement: { Effect: string; Principal: unknown; Action: unknown; Condition?: unknown }[];
        }
      ).Statement.filter((statement) => statement.Effect === "Allow"),
    );
    assert.equal(allows.length, 1, "one grant: CloudFront's reads");
    const [grant] = allows;
    assert.ok(grant);
    assert.deepEqual(grant.Principal, { Service: "cloudfront.amazonaws.com" });
    assert.equal(grant.Action, "s3:GetObject");
    assert.ok(
      JSON.stringify(grant.Condition).includes(`{"Ref":"${distributionId}"}`),
      "this distribution only",
    );
  });

  it("when the page runs, then its CSP lets it call only the API's origin and load only its own files", () => {
    const [, policy] = onlyOf("AWS::CloudFront::ResponseHeadersPolicy");
    const csp = JSON.stringify(policy.Properties);
    for (const directive of ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(directive), directive);
    }
    assert.ok(
      csp.includes(`connect-src `) && csp.includes('{"Ref":"ApiOrigin"}'),
      "connect-src is the API origin",
    );
    assert.ok(csp.includes("StrictTransportSecurity"));
  });

  it("when the ALB's web gateway is deployed, then CORS admits the storefront's origin as a parameter of the same form", () => {
    const parameters = platformTemplate["Parameters"] as Record<string, { AllowedPattern?: string }>;
    const pattern = new RegExp(parameters["StorefrontOrigin"]?.AllowedPattern ?? "^$");
    assert.match("https://shop.example.com", pattern);
    assert.doesNotMatch("https://shop.example.com/", pattern, "an origin has no path");
    assert.doesNotMatch("http://shop.example.com", pattern, "the storefront is served over HTTPS");
  });
});
