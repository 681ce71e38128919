// The CDK app: `cdk synth`, `cdk deploy Switchyard` (see deploy/README.md). Context:
// vpcId (import a VPC), cpuArchitecture (ARM64 | X86_64), deletionProtection (true | false).
import { App } from "aws-cdk-lib";
import { AlbAccessLogStack } from "./alb-access-log-stack.js";
import { platformStackOptionsFromContext } from "./platform-app.js";
import { PlatformStack } from "./platform-stack.js";
import { StorefrontStack } from "./storefront-stack.js";

const app = new App();
const options = platformStackOptionsFromContext(app);
new PlatformStack(app, "Switchyard", options);
// Only for the EKS Ingress's ALB: `cdk deploy SwitchyardAlbLogs` (the ECS stack has its own bucket).
new AlbAccessLogStack(app, "SwitchyardAlbLogs", options.env === undefined ? {} : { env: options.env });
// The storefront's files behind CloudFront, for either deployment: `cdk deploy SwitchyardStorefront`.
new StorefrontStack(app, "SwitchyardStorefront", options.env === undefined ? {} : { env: options.env });
app.synth();
