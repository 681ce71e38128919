import { Aws, RemovalPolicy, SecretValue } from "aws-cdk-lib";
import {
  CfnUserPoolClient,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  UserPoolClient,
  UserPoolResourceServer,
  type UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import { Secret as EcsSecret } from "aws-cdk-lib/aws-ecs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { requiredScopesOf } from "@switchyard/auth";
import {
  cognitoAuthEnvironment,
  cognitoDomainPrefix,
  resourceServerIdentifier,
  type DeployedService,
} from "@switchyard/deploy-settings";

/** Options for {@link PlatformIdentity}. */
export interface PlatformIdentityOptions {
  readonly services: readonly DeployedService[];
  /** Encrypts the secret holding checkout's client secret. */
  readonly key: IKey;
  /** Retain the user pool and refuse its deletion (production). */
  readonly deletionProtection: boolean;
}

/**
 * Who may call the platform, on Amazon Cognito: a user pool (no self sign-up, MFA available,
 * strong passwords) with a resource server whose scopes are the ones the protos' method
 * policies require, a domain for the OAuth token endpoint, and two app clients using client
 * credentials: checkout (scope `stock.reserve`, for its calls to catalog; its secret reaches
 * the task through Secrets Manager) and a sample external client (order scopes). The ALB's
 * `authenticate-oidc` action is for browser logins and does not fit gRPC clients, so the
 * services check the tokens themselves (`AUTH_*`, see the service runtime).
 */
export class PlatformIdentity extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  /** The app client of checkout's own calls (when checkout and a scope it needs are deployed). */
  readonly checkoutClient: UserPoolClient | undefined;
  /** A client for an external system that places and reads orders, as a starting point. */
  readonly sampleClient: UserPoolClient | undefined;
  /** `AUTH_*` variables every service reads (issuer, its keys, the scope prefix). */
  readonly serviceEnvironment: Readonly<Record<string, string>>;
  /** checkout's `AUTH_TOKEN_URL` and `AUTH_CLIENT_ID`. */
  readonly checkoutEnvironment: Readonly<Record<string, string>>;
  /** checkout's `AUTH_CLIENT_SECRET`, read by ECS from Secrets Manager when the task starts. */
  readonly checkoutSecrets: Readonly<Record<string, EcsSecret>>;
  /** The Secrets Manager secret holding checkout's client secret (when checkout is deployed). */
  readonly checkoutClientSecret: Secret | undefined;

  constructor(scope: Construct, id: string, options: PlatformIdentityOptions) {
    super(scope, id);
    this.userPool = new UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: options.deletionProtection,
      removalPolicy: options.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const scopes = requiredScopesOf(options.services.flatMap((service) => service.grpcServices)).map(
      (name) => new ResourceServerScope({ scopeName: name, scopeDescription: `Switchyard ${name}` }),
    );
    const resourceServer = new UserPoolResourceServer(this, "Api", {
      userPool: this.userPool,
      identifier: resourceServerIdentifier,
      userPoolResourceServerName: "switchyard-api",
      scopes,
    });
    const offered = (names: readonly string[]): OAuthScope[] =>
      scopes
        .filter((scope) => names.includes(scope.scopeName))
        .map((scope) => OAuthScope.resourceServer(resourceServer, scope));
    // Cognito's own domain, one per account (see cognitoDomainPrefix).
    this.domain = this.userPool.addDomain("Domain", {
      cognitoDomain: { domainPrefix: cognitoDomainPrefix(Aws.ACCOUNT_ID) },
    });
    /** A machine client (client credentials) with those of `names` the services require; none without any. */
    const machineClient = (clientId: string, names: readonly string[]): UserPoolClient | undefined => {
      const clientScopes = offered(names);
      if (clientScopes.length === 0) return undefined;
      return this.userPool.addClient(clientId, {
        generateSecret: true,
        authFlows: {},
        oAuth: { flows: { clientCredentials: true }, scopes: clientScopes },
        preventUserExistenceErrors: true,
      });
    };
    this.checkoutClient = options.services.some((service) => service.name === "checkout")
      ? machineClient("CheckoutClient", ["stock.reserve"])
      : undefined;
    this.sampleClient = machineClient("SampleClient", ["orders.read", "orders.write"]);

    this.serviceEnvironment = cognitoAuthEnvironment({
      region: Aws.REGION,
      userPoolId: this.userPool.userPoolId,
    });
    const checkoutClient = this.checkoutClient;
    if (checkoutClient === undefined) {
      this.checkoutEnvironment = {};
      this.checkoutSecrets = {};
      this.checkoutClientSecret = undefined;
      return;
    }
    this.checkoutEnvironment = {
      AUTH_TOKEN_URL: `${this.domain.baseUrl()}/oauth2/token`,
      AUTH_CLIENT_ID: checkoutClient.userPoolClientId,
    };
    // The client secret is read once at deploy time and kept in Secrets Manager, encrypted with
    // the stack's key; the task definition holds only the secret's ARN.
    const checkoutSecret = new Secret(this, "CheckoutClientSecret", {
      description: "checkout's Cognito app client secret (client credentials)",
      // Cognito's own GetAtt ClientSecret: read by CloudFormation at deploy time, never in the template.
      secretStringValue: SecretValue.resourceAttribute(
        (checkoutClient.node.defaultChild as CfnUserPoolClient).attrClientSecret,
      ),
      encryptionKey: options.key,
    });
    this.checkoutClientSecret = checkoutSecret;
    this.checkoutSecrets = { AUTH_CLIENT_SECRET: EcsSecret.fromSecretsManager(checkoutSecret) };
  }
}
