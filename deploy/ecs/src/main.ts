// The CDK app: `cdk synth`, `cdk deploy` (see deploy/README.md). Context:
// vpcId (import a VPC), cpuArchitecture (ARM64 | X86_64), deletionProtection (true | false).
import { App } from "aws-cdk-lib";
import { platformStackOptionsFromContext } from "./platform-app.js";
import { PlatformStack } from "./platform-stack.js";

const app = new App();
new PlatformStack(app, "Switchyard", platformStackOptionsFromContext(app));
app.synth();
