import { Tags, type App } from 'aws-cdk-lib';
import { datasetDefinitions } from '../datasets/index.ts';
import { addSecurityChecks } from './nag.ts';
import { HealthOpenDataStack } from './stack.ts';

/** The `-c name=value` settings of `cdk synth` / `cdk deploy` (docs/deploy.md). */
export interface DeployContext {
  /** `publicBaseUrl`: the public https origin the functions write into links. */
  readonly publicBaseUrl?: string;
  /** `domainName`: custom domain name(s) of the distribution, comma-separated. */
  readonly domainNames?: string[];
  /** `certificateArn`: ACM certificate in us-east-1 covering the domain names. */
  readonly certificateArn?: string;
  /** `webAclArn`: AWS WAF web ACL with scope CLOUDFRONT (us-east-1). */
  readonly webAclArn?: string;
  /** `purgePrincipals`: IAM role or user ARNs, comma-separated, that may assume the purge role. */
  readonly purgePrincipalArns?: string[];
}

const ACM_US_EAST_1 = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/;
const WAF_GLOBAL = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/;
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Reads and checks the context; throws naming the setting that is wrong. */
export function readDeployContext(app: App): DeployContext {
  const text = (name: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(name);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`Context "${name}" must be a string`);
    return value.trim();
  };
  const domainNames = text('domainName')
    ?.split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const certificateArn = text('certificateArn');
  const webAclArn = text('webAclArn');
  const purgePrincipalArns = text('purgePrincipals')
    ?.split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn !== '');

  for (const name of domainNames ?? []) {
    if (!HOST_NAME.test(name)) throw new Error(`Context "domainName": "${name}" is not a host name`);
  }
  if ((domainNames?.length ?? 0) > 0 !== (certificateArn !== undefined)) {
    throw new Error('Context "domainName" and "certificateArn" go together (CloudFront needs the certificate for the name)');
  }
  if (certificateArn !== undefined && !ACM_US_EAST_1.test(certificateArn)) {
    throw new Error(
      `Context "certificateArn" must be an ACM certificate ARN in us-east-1 (CloudFront reads them there), got "${certificateArn}"`,
    );
  }
  if (webAclArn !== undefined && !WAF_GLOBAL.test(webAclArn)) {
    throw new Error(
      `Context "webAclArn" must be a WAFv2 web ACL ARN with scope CLOUDFRONT (arn:aws:wafv2:us-east-1:…:global/webacl/…), got "${webAclArn}"`,
    );
  }
  for (const arn of purgePrincipalArns ?? []) {
    if (!IAM_PRINCIPAL.test(arn)) {
      throw new Error(`Context "purgePrincipals": "${arn}" is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)`);
    }
  }
  return { publicBaseUrl: text('publicBaseUrl'), domainNames, certificateArn, webAclArn, purgePrincipalArns };
}

/**
 * The CDK app: the stack with every dataset of `datasets/index.ts`, tagged, and AWS's rule packs
 * (AwsSolutions, HIPAA Security) checking it at synth time.
 */
export function defineApp(app: App): HealthOpenDataStack {
  const context = readDeployContext(app);
  const stack = new HealthOpenDataStack(app, 'HealthOpenData', {
    description: 'Vietnam open health data publishing pipeline (Decree 102/2025/ND-CP)',
    datasets: datasetDefinitions.map((d) => ({
      id: d.id,
      schedule: d.schedule,
      execution: d.kind === 'aggregate' ? d.execution : 'single',
    })),
    ...context,
    // Environment-agnostic unless the CLI resolved an account and region from credentials.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Tags.of(stack).add('project', 'vn-health-open-data');
  addSecurityChecks(app);
  return stack;
}
