import { CfnResource } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/** A checkov check that does not apply to a resource, and why. */
export interface CheckovSkip {
  /** The check id, e.g. `CKV_AWS_91`. */
  readonly id: string;
  /** Why the finding is accepted: shown by checkov and read by reviewers. */
  readonly comment: string;
}

/**
 * Records checkov skips in the CloudFormation metadata of `construct`'s resource
 * (`Metadata.checkov.skip`), where checkov reads them; the reason travels with
 * the template. Every skip must say why.
 */
export function skipCheckovChecks(construct: IConstruct, skips: readonly CheckovSkip[]): void {
  const resource = construct.node.defaultChild ?? construct;
  if (!(resource instanceof CfnResource)) {
    throw new Error(`${construct.node.path} has no CloudFormation resource to annotate`);
  }
  resource.addMetadata("checkov", { skip: skips.map((skip) => ({ id: skip.id, comment: skip.comment })) });
}
