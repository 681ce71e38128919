// Contract: who may call the platform on ECS, read from the synthesized template. Cognito's
// resource server must offer exactly the scopes the protos' methods require, every service
// must check tokens of that pool, checkout's client secret must reach it as a secret; the
// WAF in front of the ALB must not block gRPC, which is replayed with real clients against
// the conditions of the managed rules the web ACL leaves blocking.
import assert from "node:assert/strict";
import type { IncomingHttpHeaders } from "node:http2";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { getOption, hasOption } from "@bufbuild/protobuf";
import { cognitoAuthEnvironment, deployedServices } from "@switchyard/deploy-settings";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { workspaceRoot } from "@switchyard/launcher";
import { protoRegistry } from "@switchyard/proto";
import { policy } from "@switchyard/proto/switchyard/auth/v1/policy";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { runGrpcurl, startConnectTestServer, type ConnectTestServer } from "@switchyard/testing";
import { outputIdOf } from "./eks-edge-security-stack.js";
import { synthesizePlatform } from "./synthesize-platform.js";

type Resource = { Type: string; Properties: Record<string, unknown> };
const { template, eksEdgeTemplate } = synthesizePlatform();
const resources = Object.entries(template["Resources"] as Record<string, Resource>);
const ofType = (type: string): [string, Resource][] =>
  resources.filter(([, resource]) => resource.Type === type);
const only = (type: string): [string, Resource] => {
  const found = ofType(type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0] as [string, Resource];
};

/** The rules of AWS's common rule set that inspect the request body (AWS's documentation). */
const bodyInspectingRules = [
  "CrossSiteScripting_BODY",
  "EC2MetaDataSSRF_BODY",
  "GenericLFI_BODY",
  "GenericRFI_BODY",
  "SizeRestrictions_BODY",
];

describe("Cognito: the tokens the services check", () => {
  const containers = ofType("AWS::ECS::TaskDefinition").flatMap(([, task]) =>
    (
      task.Properties["ContainerDefinitions"] as {
        Name: string;
        Environment?: { Name: string; Value: unknown }[];
        Secrets?: { Name: string; ValueFrom: unknown }[];
      }[]
    ).filter((container) => deployedServices().some((service) => service.name === container.Name)),
  );
  const [userPoolId] = only("AWS::Cognito::UserPool");
  const [, resourceServer] = only("AWS::Cognito::UserPoolResourceServer");

  it("when the protos require scopes, then the resource server offers exactly those", () => {
    const required = new Set<string>();
    for (const typeName of deployedServices().flatMap((service) => service.grpcServices)) {
      for (const method of protoRegistry.getService(typeName)?.methods ?? []) {
        if (!hasOption(method, policy)) continue;
        for (const scope of getOption(method, policy).requiredScopes) required.add(scope);
      }
    }
    const offered = (resourceServer.Properties["Scopes"] as { ScopeName: string }[]).map(
      (scope) => scope.ScopeName,
    );
    assert.deepEqual(offered.sort(), [...required].sort());
  });

  it("when a service starts, then it checks tokens of the platform's user pool, scopes prefixed with the resource server", () => {
    assert.equal(containers.length, deployedServices().length);
    const identifier = String(resourceServer.Properties["Identifier"]);
    for (const container of containers) {
      const environment = new Map(
        (container.Environment ?? []).map((entry) => [entry.Name, JSON.stringify(entry.Value)]),
      );
      assert.match(
        environment.get("AUTH_ISSUER") ?? "",
        new RegExp(`cognito-idp.*"Ref":"${userPoolId}"`),
        container.Name,
      );
      assert.match(environment.get("AUTH_JWKS_URL") ?? "", /\.well-known\/jwks\.json/, container.Name);
      assert.equal(environment.get("AUTH_SCOPE_PREFIX"), JSON.stringify(`${identifier}/`), container.Name);
      assert.equal(environment.get("AUTH_ALGORITHMS"), JSON.stringify("RS256"), container.Name);
      assert.equal(
        environment.has("AUTH_CLIENT_SECRET"),
        false,
        `${container.Name}: no secret in the environment`,
      );
    }
  });

  it("when checkout calls catalog, then its client secret comes from Secrets Manager, filled from Cognito at deploy time", () => {
    const checkout = containers.find((container) => container.Name === "checkout");
    const secretRef = checkout?.Secrets?.find((entry) => entry.Name === "AUTH_CLIENT_SECRET")?.ValueFrom;
    const [secretId, secret] = ofType("AWS::SecretsManager::Secret").find(
      ([logicalId]) => JSON.stringify(secretRef) === JSON.stringify({ Ref: logicalId }),
    ) ?? ["", undefined];
    assert.ok(secret, `checkout's AUTH_CLIENT_SECRET names a secret (${JSON.stringify(secretRef)})`);
    assert.match(
      JSON.stringify(secret.Properties["SecretString"]),
      /"Fn::GetAtt":\["\w+","ClientSecret"\]/,
      secretId,
    );
  });
});

describe("AWS WAF in front of the ALB, replayed with real gRPC clients", () => {
  const [webAclId, webAcl] = only("AWS::WAFv2::WebACL");
  const rules = webAcl.Properties["Rules"] as {
    Name: string;
    Action?: Record<string, unknown>;
    Statement: {
      RateBasedStatement?: { Limit: number; AggregateKeyType: string; EvaluationWindowSec: number };
      ManagedRuleGroupStatement?: {
        Name: string;
        RuleActionOverrides?: { Name: string; ActionToUse: Record<string, unknown> }[];
      };
    };
  }[];

  it("when the ALB is created, then the web ACL is associated with it", () => {
    const [, association] = only("AWS::WAFv2::WebACLAssociation");
    const [albId] = only("AWS::ElasticLoadBalancingV2::LoadBalancer");
    assert.deepEqual(association.Properties["ResourceArn"], { Ref: albId });
    assert.deepEqual(association.Properties["WebACLArn"], { "Fn::GetAtt": [webAclId, "Arn"] });
  });

  it("when one IP floods the ALB, then a rate-based rule blocks it with 429 (gRPC clients: UNAVAILABLE, retryable)", () => {
    const rate = rules.find((rule) => rule.Statement.RateBasedStatement !== undefined);
    const statement = rate?.Statement.RateBasedStatement;
    assert.ok(rate && statement, "a rate-based rule");
    assert.equal(statement.AggregateKeyType, "IP");
    assert.ok(statement.Limit >= 1000, "high enough for many calls behind one NAT");
    assert.deepEqual(rate.Action, { Block: { CustomResponse: { ResponseCode: 429 } } });
  });

  it("when gRPC bodies (binary protobuf, client streams over 8 KB) pass, then no body-inspecting managed rule blocks them", () => {
    const common = rules.find(
      (rule) => rule.Statement.ManagedRuleGroupStatement?.Name === "AWSManagedRulesCommonRuleSet",
    );
    assert.ok(common, "the common rule set is on");
    const counted = (common.Statement.ManagedRuleGroupStatement?.RuleActionOverrides ?? [])
      .filter((override) => "Count" in override.ActionToUse)
      .map((override) => override.Name);
    assert.deepEqual(counted.sort(), bodyInspectingRules);
  });

  describe("requests of every client against the header and URI rules left blocking", () => {
    let server: ConnectTestServer | undefined;
    const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
    before(async () => {
      server = await startConnectTestServer({
        routes: (router) =>
          router.service(EchoService, {
            echo: (request) => ({ message: request.message }),
          }),
        intercept: (request) => {
          seen.push({ path: request.url, headers: request.headers });
          return false;
        },
      });
    });
    after(async () => {
      await server?.close();
    });

    it("when connect, grpc-js and grpcurl call, then each request has a User-Agent, no bad-bot agent, no cookie or query, and a short path", async () => {
      assert.ok(server);
      const address = `127.0.0.1:${server.port}`;
      await createClient(EchoService, createGrpcTransport({ baseUrl: `http://${address}` })).echo({
        message: "connect",
      });
      const grpcJs = createGrpcJsClient(EchoService, address, grpc.credentials.createInsecure());
      await grpcJs.echo({ message: "grpc-js" });
      grpcJs.close();
      const grpcurl = await runGrpcurl(address, ["switchyard.testing.v1.EchoService/Echo"], {
        flags: [
          "-import-path",
          join(workspaceRoot, "proto"),
          "-proto",
          "switchyard/testing/v1/echo_service.proto",
          "-d",
          '{"message":"grpcurl"}',
        ],
      });
      assert.equal(grpcurl.exitCode, 0, grpcurl.stderr);
      const calls = seen.filter((request) => request.path.endsWith("/Echo"));
      assert.equal(calls.length, 3);
      for (const { path, headers } of calls) {
        const agent = headers["user-agent"] ?? "";
        // NoUserAgent_HEADER, UserAgent_BadBots_HEADER.
        assert.notEqual(agent, "", `${path}: a User-Agent`);
        assert.doesNotMatch(agent, /nessus|nmap|sqlmap|masscan|nikto/i, agent);
        // SizeRestrictions_Cookie_HEADER, SizeRestrictions_QUERYSTRING, SizeRestrictions_URIPATH.
        assert.equal(headers.cookie, undefined, agent);
        assert.ok(!path.includes("?"), `${agent}: no query string`);
        assert.ok(Buffer.byteLength(path) < 1024, `${agent}: path under 1 KB`);
        // RestrictedExtensions_URIPATH: gRPC paths end in a method name, never a file extension.
        assert.doesNotMatch(path, /\.(log|ini|bak|cfg|conf|config|backup|env|sh)$/i, path);
      }
    });
  });
});

describe("the EKS deploy's Cognito and WAF (the SwitchyardEksEdge stack)", () => {
  const edgeResources = Object.values(eksEdgeTemplate["Resources"] as Record<string, Resource>);
  const outputs = eksEdgeTemplate["Outputs"] as Record<string, { Value: unknown }>;
  const typesOf = (resources: readonly Resource[]) => resources.map((resource) => resource.Type).sort();
  const scopesOf = (resources: readonly Resource[]) =>
    resources
      .filter((resource) => resource.Type === "AWS::Cognito::UserPoolResourceServer")
      .flatMap((resource) =>
        (resource.Properties["Scopes"] as { ScopeName: string }[]).map((s) => s.ScopeName),
      )
      .sort();
  const ecsResources = resources.map(([, resource]) => resource);

  it("when EKS runs the platform, then its user pool offers the same scopes and its web ACL the same rules as on ECS", () => {
    assert.deepEqual(scopesOf(edgeResources), scopesOf(ecsResources));
    const rulesOf = (all: readonly Resource[]) =>
      JSON.stringify(all.find((resource) => resource.Type === "AWS::WAFv2::WebACL")?.Properties["Rules"]);
    assert.equal(rulesOf(edgeResources), rulesOf(ecsResources));
    assert.ok(typesOf(edgeResources).includes("AWS::WAFv2::LoggingConfiguration"), "WAF logs on EKS too");
  });

  it("when the Ingress's ALB is created by the controller, then the stack associates nothing itself and outputs the ACL's ARN", () => {
    assert.ok(!typesOf(edgeResources).includes("AWS::WAFv2::WebACLAssociation"));
    assert.ok(!typesOf(edgeResources).includes("AWS::ElasticLoadBalancingV2::LoadBalancer"));
    const webAclId = Object.entries(eksEdgeTemplate["Resources"] as Record<string, Resource>).find(
      ([, resource]) => resource.Type === "AWS::WAFv2::WebACL",
    )?.[0];
    assert.deepEqual(outputs["WebAclArn"]?.Value, { "Fn::GetAtt": [webAclId, "Arn"] });
  });

  it("when the overlays' switchyard-auth ConfigMap is filled, then every AUTH_* key it needs is an output", () => {
    const needed = [
      ...Object.keys(cognitoAuthEnvironment({ region: "r", userPoolId: "p" })),
      "AUTH_TOKEN_URL",
      "AUTH_CLIENT_ID",
    ];
    for (const name of needed) {
      assert.ok(outputs[outputIdOf(name)] !== undefined, `output for ${name}`);
    }
    assert.ok(
      outputs["CheckoutClientSecretArn"] !== undefined,
      "checkout's secret, for the cluster's Secret",
    );
  });
});
