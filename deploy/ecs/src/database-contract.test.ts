import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { databaseSettings, deployedServices } from "@switchyard/deploy-settings";
import { dataOwners, databaseUrlVariable, platformServices } from "@switchyard/topology";
import { synthesizePlatform } from "./synthesize-platform.js";

// The stack as `cdk synth` builds it from the topology: catalog and checkout own data.
const { template } = synthesizePlatform();
type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = template["Resources"] as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const only = (type: string): [string, Resource] => {
  const found = ofType(type);
  assert.equal(found.length, 1, `exactly one ${type}`);
  return found[0] as [string, Resource];
};
const json = (value: unknown) => JSON.stringify(value);

const owners = dataOwners(platformServices).map((service) => service.name);
const [clusterId, cluster] = only("AWS::RDS::DBCluster");
/** The database's credentials: the secret generated for the cluster (others, such as checkout's Cognito client secret, are filled from elsewhere). */
const [secretId, secret] = (() => {
  const generated = ofType("AWS::SecretsManager::Secret").filter(
    ([, candidate]) => candidate.Properties["GenerateSecretString"] !== undefined,
  );
  assert.equal(generated.length, 1, "exactly one generated secret");
  return generated[0] as [string, Resource];
})();
/** The secret itself, and its attachment to the cluster (whose Ref is the same secret's ARN). */
const secretRefs = [
  secretId,
  ...ofType("AWS::SecretsManager::SecretTargetAttachment")
    .filter(([, attachment]) => json(attachment.Properties["SecretId"]).includes(secretId))
    .map(([id]) => id),
];
const referencesSecret = (text: string) => secretRefs.some((id) => text.includes(`"${id}"`));
const databaseSecurityGroupId = ((
  cluster.Properties["VpcSecurityGroupIds"] as { "Fn::GetAtt": string[] }[]
)[0]?.["Fn::GetAtt"] ?? [])[0];

/** The app container of `service`'s task definition. */
function appContainer(service: string): Record<string, unknown> {
  for (const [, task] of ofType("AWS::ECS::TaskDefinition")) {
    const containers = task.Properties["ContainerDefinitions"] as Record<string, unknown>[];
    const app = containers.find((container) => container["Name"] === service);
    if (app !== undefined) return app;
  }
  assert.fail(`no task definition runs ${service}`);
}

/** The security group of `service`'s Fargate service. */
function serviceSecurityGroup(service: string): string {
  const found = ofType("AWS::ECS::Service").find(([id]) => id.startsWith(service));
  assert.ok(found, `an ECS service for ${service}`);
  const network = found[1].Properties["NetworkConfiguration"] as {
    AwsvpcConfiguration: { SecurityGroups: { "Fn::GetAtt": string[] }[] };
  };
  const id = network.AwsvpcConfiguration.SecurityGroups[0]?.["Fn::GetAtt"][0];
  assert.ok(id);
  return id;
}

describe("the platform's database on ECS (synthesized CloudFormation)", () => {
  it("when the stack is synthesized, then it holds one Aurora PostgreSQL Serverless v2 cluster, encrypted, backed up and protected", () => {
    const properties = cluster.Properties;
    assert.equal(properties["Engine"], "aurora-postgresql");
    assert.equal(properties["StorageEncrypted"], true);
    assert.ok(properties["KmsKeyId"], "encrypted with the stack's own key");
    assert.equal(properties["DeletionProtection"], true);
    assert.ok(Number(properties["BackupRetentionPeriod"]) >= 7, "a week of backups at least");
    assert.equal(properties["DatabaseName"], databaseSettings.name);
    assert.equal(String(properties["Port"]), String(databaseSettings.port));
    assert.ok(properties["ServerlessV2ScalingConfiguration"], "Serverless v2 capacity");
    assert.equal(resources[clusterId]?.["DeletionPolicy" as keyof Resource], "Snapshot");
    const instances = ofType("AWS::RDS::DBInstance");
    assert.equal(instances.length, 2, "a writer and a reader to fail over to");
    for (const [, instance] of instances) {
      assert.equal(instance.Properties["DBInstanceClass"], "db.serverless");
      assert.notEqual(instance.Properties["PubliclyAccessible"], true);
    }
  });

  it("when the cluster is placed, then its subnets are the VPC's private ones", () => {
    const [, subnetGroup] = only("AWS::RDS::DBSubnetGroup");
    const subnets = subnetGroup.Properties["SubnetIds"] as { Ref: string }[];
    assert.ok(subnets.length >= 2);
    for (const subnet of subnets) {
      assert.match(subnet.Ref, /private/i);
      assert.notEqual(resources[subnet.Ref]?.Properties["MapPublicIpOnLaunch"], true);
    }
  });

  it("when credentials are generated, then they live in Secrets Manager, encrypted with a customer key, and reach only the services that own data as ECS secrets", () => {
    assert.ok(secret.Properties["GenerateSecretString"], "a generated password, never one in the template");
    assert.ok(secret.Properties["KmsKeyId"]);
    for (const service of deployedServices()) {
      const container = appContainer(service.name);
      const environment = (container["Environment"] as { Name: string; Value: unknown }[] | undefined) ?? [];
      const secrets = (container["Secrets"] as { Name: string; ValueFrom: unknown }[] | undefined) ?? [];
      const url = environment.find((variable) => variable.Name === databaseUrlVariable);
      if (!owners.includes(service.name)) {
        assert.equal(url, undefined, `${service.name} owns no data: no DATABASE_URL`);
        assert.equal(referencesSecret(json(secrets)), false, `${service.name} cannot read the credentials`);
        continue;
      }
      // postgres://<writer endpoint>:5432/switchyard?sslmode=…, with no user or password in it.
      const rendered = json(url?.Value);
      assert.ok(rendered.includes(clusterId) && rendered.includes("Endpoint.Address"), rendered);
      assert.ok(rendered.includes(`:${databaseSettings.port}/${databaseSettings.name}?sslmode=`), rendered);
      assert.equal(rendered.includes("@"), false, "no credentials in DATABASE_URL");
      const credentials = secrets.filter((variable) => variable.Name.startsWith("PG"));
      assert.deepEqual(
        credentials.map((variable) => variable.Name).sort(),
        ["PGPASSWORD", "PGUSER"],
        `${service.name} gets the credentials as ECS secrets`,
      );
      for (const variable of credentials) {
        const valueFrom = json(variable.ValueFrom);
        assert.ok(referencesSecret(valueFrom), valueFrom);
        assert.ok(valueFrom.includes(variable.Name === "PGUSER" ? ":username::" : ":password::"), valueFrom);
      }
    }
  });

  it("when the database's security group is read, then only the services that own data reach it, on PostgreSQL's port", () => {
    assert.ok(databaseSecurityGroupId);
    const group = resources[databaseSecurityGroupId];
    assert.equal(json(group?.Properties["SecurityGroupIngress"] ?? []), "[]", "no inline (CIDR) ingress");
    const ingress = ofType("AWS::EC2::SecurityGroupIngress").filter(([, rule]) =>
      json(rule.Properties["GroupId"]).includes(databaseSecurityGroupId),
    );
    const sources = ingress.map(([, rule]) => {
      assert.equal(rule.Properties["FromPort"], databaseSettings.port);
      assert.equal(rule.Properties["ToPort"], databaseSettings.port);
      assert.equal(rule.Properties["CidrIp"], undefined);
      return (rule.Properties["SourceSecurityGroupId"] as { "Fn::GetAtt": string[] })["Fn::GetAtt"][0];
    });
    assert.deepEqual(sources.sort(), owners.map(serviceSecurityGroup).sort());
  });

  it("when deletion protection is turned off for a test stack, then the cluster still leaves a snapshot", () => {
    const { template: test } = synthesizePlatform({ deletionProtection: false });
    const testResources = test["Resources"] as Record<string, Resource & { DeletionPolicy?: string }>;
    const testCluster = Object.values(testResources).find(
      (resource) => resource.Type === "AWS::RDS::DBCluster",
    );
    assert.ok(testCluster);
    assert.equal(testCluster.Properties["DeletionProtection"], false);
    assert.equal(testCluster.DeletionPolicy, "Snapshot");
  });
});
