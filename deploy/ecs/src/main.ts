// The CDK app: `cdk synth`, `cdk deploy Switchyard` (see deploy/README.md). Context:
// vpcId (import a VPC), cpuArchitecture (ARM64 | X86_64), deletionProtection (true | false).
import { App } from "aws-cdk-lib";
import { deployedServices } from "@switchyard/deploy-settings";
import { AlbAccessLogStack } from "./alb-access-log-stack.js";
import { EksEdgeSecurityStack } from "./eks-edge-security-stack.js";
import { platformStackOptionsFromContext } from "./platform-app.js";
import { PlatformStack } from "./platform-stack.js";
import { StorefrontStack } from "./storefront-stack.js";

const app = new App();
const options = platformStackOptionsFromContext(app);
new PlatformStack(app, "Switchyard", options);
// Only for the EKS Ingress's ALB: `cdk deploy SwitchyardAlbLogs` (the ECS stack has its own bucket).
new AlbAccessLogStack(app, "SwitchyardAlbLogs", options.env === undefined ? {} : { env: options.env });
// Only for EKS as well: the Cognito pool and the WAF web ACL the Ingress's ALB uses.
new EksEdgeSecurityStack(app, "SwitchyardEksEdge", {
  services: deployedServices(),
  deletionProtection: options.deletionProtection ?? true,
  ...(options.env === undefined ? {} : { env: options.env }),
});
// The storefront's files behind CloudFront, for either deployment: `cdk deploy SwitchyardStorefront`.
new StorefrontStack(app, "SwitchyardStorefront", options.env === undefined ? {} : { env: options.env });
app.synth();
