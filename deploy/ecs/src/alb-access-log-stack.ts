import { Aws, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { AccountPrincipal, PolicyStatement, ServicePrincipal, type IPrincipal } from "aws-cdk-lib/aws-iam";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import { RegionInfo } from "aws-cdk-lib/region-info";
import type { Construct } from "constructs";
import { accessLogBucketName } from "@switchyard/deploy-settings";
import { createAccessLogBucket } from "./access-log-bucket.js";

/**
 * A stack with only the ALB access log bucket, for load balancers this CDK app
 * does not create (the EKS Ingress's ALB, which the AWS Load Balancer
 * Controller creates): `cdk deploy SwitchyardAlbLogs`, then name the bucket in
 * the Ingress's `load-balancer-attributes`. The bucket is
 * {@link createAccessLogBucket}'s, named {@link accessLogBucketName}, with the
 * policy that lets Elastic Load Balancing's log delivery write under
 * `<prefix>/AWSLogs/<account>/`: the region's ELB account where the region has
 * one, the log-delivery service principal in regions opened since August 2022.
 */
export class AlbAccessLogStack extends Stack {
  /** The bucket. */
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.bucket = createAccessLogBucket(this, "AccessLogs", {
      bucketName: accessLogBucketName(Aws.ACCOUNT_ID, Aws.REGION),
    });
    const elbAccount = RegionInfo.get(this.region).elbv2Account;
    const writer: IPrincipal =
      elbAccount === undefined
        ? new ServicePrincipal("logdelivery.elasticloadbalancing.amazonaws.com")
        : new AccountPrincipal(elbAccount);
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        actions: ["s3:PutObject"],
        principals: [writer],
        resources: [this.bucket.arnForObjects(`*/AWSLogs/${Aws.ACCOUNT_ID}/*`)],
      }),
    );
    new CfnOutput(this, "BucketName", {
      value: this.bucket.bucketName,
      description: "Name it in the Ingress: load-balancer-attributes access_logs.s3.bucket=<this>",
    });
  }
}
