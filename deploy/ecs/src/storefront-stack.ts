import { CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { createAccessLogBucket } from "./access-log-bucket.js";
import { skipCheckovChecks } from "./checkov-skips.js";

/** Days a replaced or deleted file of the storefront stays restorable. */
const previousVersionDays = 30;

/**
 * The storefront's static files (`vite build` of `apps/web`) in a private S3 bucket behind
 * CloudFront, for the ECS and the EKS deployments alike: `cdk deploy SwitchyardStorefront`.
 *
 * Only files go through CloudFront. The page calls the API on its own name (`ApiOrigin`, the
 * ALB's), across origins: the web gateway's CORS admits exactly this distribution's origin.
 * Not through CloudFront, because a CloudFront origin waits at most its response timeout
 * (30 s by default, 60 s without a quota increase) between two packets of a response and
 * gives up, so server streams would hang on CloudFront's timeouts on top of the ALB's; it
 * would add a second TLS hop and a second WAF, and its origin connection is HTTP/1.1 only.
 * The price is one CORS preflight per method, cached by the browser (`Access-Control-Max-Age`).
 *
 * The bucket admits only this distribution (origin access control, SigV4, `aws:SourceArn`);
 * viewers get TLS 1.2+ on the storefront's own name and certificate, HTTP/2 and HTTP/3,
 * security headers with a Content Security Policy that lets the page's scripts call only
 * `ApiOrigin`, and files cached as their `Cache-Control` says (see deploy/README.md: the
 * hashed `assets/` for a year, `index.html` revalidated).
 */
export class StorefrontStack extends Stack {
  /** The private bucket holding the built files. */
  readonly bucket: Bucket;
  /** The CloudFront distribution serving them on the storefront's name. */
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const domainName = new CfnParameter(this, "DomainName", {
      type: "String",
      description: "The storefront's name (e.g. shop.example.com), on the certificate.",
      allowedPattern: "^[a-z0-9.-]+$",
    });
    const certificateArn = new CfnParameter(this, "CertificateArn", {
      type: "String",
      description: "ACM certificate for DomainName, in us-east-1 (CloudFront reads certificates only there).",
      allowedPattern: "^arn:aws[a-zA-Z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$",
    });
    const apiOrigin = new CfnParameter(this, "ApiOrigin", {
      type: "String",
      description: "Where the page calls the API (https://<the ALB's name on its certificate>).",
      allowedPattern: "^https://[a-z0-9.-]+(:[0-9]+)?$",
    });

    this.bucket = new Bucket(this, "Files", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // A bad upload can be rolled back file by file; old hashed assets go after a month.
      versioned: true,
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(previousVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // The files are a build output, uploaded again from CI at any time.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    skipCheckovChecks(this.bucket, [
      {
        id: "CKV_AWS_18",
        comment:
          "Only CloudFront reads this bucket; CloudFront's access logs record every viewer request for these files.",
      },
    ]);

    // CloudFront's standard logs need ACLs on their bucket (the log delivery writes with one).
    const logs = createAccessLogBucket(this, "AccessLogs", { writesWithAcls: true });

    const securityHeaders = new ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: "Switchyard storefront: HSTS, no sniffing or framing, and a CSP naming the API's origin",
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // Vite's build has no inline script or style; the page calls only the API.
          contentSecurityPolicy: [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            `connect-src ${apiOrigin.valueAsString}`,
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
          ].join("; "),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    this.distribution = new Distribution(this, "Distribution", {
      comment: "Switchyard storefront (static files; the API is on the ALB)",
      domainNames: [domainName.valueAsString],
      certificate: Certificate.fromCertificateArn(this, "Certificate", certificateArn.valueAsString),
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultRootObject: "index.html",
      // North America and Europe only: the shop's customers; other viewers reach the nearest of these.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: "storefront/",
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Caches as the files' Cache-Control says: hashed assets for a year, index.html revalidated.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
    });
    skipCheckovChecks(this.distribution, [
      {
        id: "CKV_AWS_68",
        comment:
          "Static, cached files only; the API, where requests do work, is on the ALB behind its own WAF. A CloudFront web ACL would have to live in us-east-1.",
      },
    ]);

    new CfnOutput(this, "BucketName", {
      value: this.bucket.bucketName,
      description: "Upload the build here (aws s3 sync, see deploy/README.md)",
    });
    new CfnOutput(this, "DistributionId", {
      value: this.distribution.distributionId,
      description: "Invalidate /index.html here after an upload",
    });
    new CfnOutput(this, "DistributionDomainName", {
      value: this.distribution.distributionDomainName,
      description:
        "Point DomainName at this (alias or CNAME); the ALB's StorefrontOrigin is https://<DomainName>",
    });
  }
}
