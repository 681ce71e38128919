import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { skipCheckovChecks } from "./checkov-skips.js";

/** Days the ALB's access logs are kept before S3 expires them. */
export const accessLogRetentionDays = 90;

/**
 * The bucket the ALB writes its access logs to: encrypted with S3-managed keys
 * (ALB log delivery supports only SSE-S3, not KMS keys), no public access,
 * TLS-only, versioned so a log cannot be silently overwritten, and expired
 * after {@link accessLogRetentionDays} days (older versions after one more
 * week). It outlives the stack: logs are evidence. `bucketName` fixes the name
 * (for load balancers outside this app to find it); by default CloudFormation picks one.
 * `writesWithAcls`: the log writer sets an ACL on each object (CloudFront's standard logs),
 * so the bucket must accept ACLs (objects still owned by the bucket owner); ALB log delivery
 * needs none.
 */
export function createAccessLogBucket(
  scope: Construct,
  id: string,
  options: { readonly bucketName?: string; readonly writesWithAcls?: boolean } = {},
): Bucket {
  const bucket = new Bucket(scope, id, {
    ...(options.bucketName === undefined ? {} : { bucketName: options.bucketName }),
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership:
      options.writesWithAcls === true
        ? ObjectOwnership.BUCKET_OWNER_PREFERRED
        : ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    lifecycleRules: [
      {
        expiration: Duration.days(accessLogRetentionDays),
        noncurrentVersionExpiration: Duration.days(7),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  skipCheckovChecks(bucket, [
    {
      id: "CKV_AWS_18",
      comment:
        "This bucket holds access logs itself; logging its own access into it would log the log writes. Send S3 server access logs to the account's audit bucket if required.",
    },
  ]);
  return bucket;
}
