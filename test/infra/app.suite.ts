import { describe, expect, it } from 'vitest';
import { Stack, Validations, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { datasetDefinitions } from '../../datasets/index.ts';
import { defineApp, readDeployContext } from '../../infra/define-app.ts';
import { addSecurityChecks, REASONS } from '../../infra/nag.ts';
import { logicalId, testApp } from './helpers.ts';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f2c6a3e-1111-2222-3333-444455556666';
const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/open-data/abc';

/** Every acknowledgement in the app: rule id → reasons. */
function acknowledgements(app: App): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.set(id, [...(found.get(id) ?? []), reason]);
      }
    }
  }
  return found;
}

/** The accepted rules, without the finding detail (`[Resource::…]`). */
const ACCEPTED_RULES = [
  'AwsSolutions::AwsSolutions-APIG4',
  'AwsSolutions::AwsSolutions-CFR1',
  'AwsSolutions::AwsSolutions-CFR2',
  'AwsSolutions::AwsSolutions-CFR4',
  'AwsSolutions::AwsSolutions-IAM5',
  'AwsSolutions::AwsSolutions-SQS3',
  'HIPAA.Security::HIPAA.Security-DynamoDBInBackupPlan',
  'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
  'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
  'HIPAA.Security::HIPAA.Security-LambdaDLQ',
  'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
  'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
  'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
  'HIPAA.Security::HIPAA.Security-SNSEncryptedKMS',
];

describe('the CDK app', () => {
  it('deploys every dataset of datasets/index.ts with its schedule, and passes AwsSolutions and HIPAA checks', () => {
    // Prepare
    const app = testApp();
    const stack = defineApp(app);

    // Act: synth runs the rule packs and throws on any finding left unacknowledged
    const assembly = app.synth();

    // Assess
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['HealthOpenData']);
    const template = Template.fromJSON(assembly.getStackByName('HealthOpenData').template);
    expect(datasetDefinitions.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(template.findResources('AWS::Scheduler::Schedule'))).toHaveLength(datasetDefinitions.length);
    for (const definition of datasetDefinitions) {
      const { id, schedule } = definition;
      // A distributed dataset's schedule starts its state machine; any other's invokes its function.
      const distributed = stack.distributedPublishes.get(id);
      expect(distributed !== undefined).toBe(definition.kind === 'aggregate' && definition.execution === 'distributed');
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: schedule,
        Target: {
          Arn: distributed
            ? { Ref: logicalId(distributed.stateMachine) }
            : { 'Fn::GetAtt': [logicalId(stack.publishFunctions.get(id)!), 'Arn'] },
          Input: JSON.stringify({ datasetId: id }),
        },
      });
    }
    expect([...stack.distributedPublishes.keys()]).toEqual(['health-care-encounters']);
  });

  it('acknowledges only the reviewed rules, each with its written reason', () => {
    // Prepare
    const app = testApp();
    defineApp(app);
    const reasons = new Set<string>(Object.values(REASONS));

    // Act
    const acknowledged = acknowledgements(app);

    // Assess
    expect([...new Set([...acknowledged.keys()].map((id) => id.replace(/\[.*\]$/, '')))].sort()).toEqual(ACCEPTED_RULES);
    for (const [id, given] of acknowledged) {
      expect({ id, unknownReasons: given.filter((r) => !reasons.has(r)) }).toEqual({ id, unknownReasons: [] });
    }
    // The only wildcards accepted are object prefixes of one dataset, one function's qualifiers,
    // the purge role's version folders of the public bucket, and the static catalog (site/*); a
    // distributed dataset adds its partial counts (_runs/<id>/*), its state machine's own child
    // executions, and the log-delivery and X-Ray actions that take no resource.
    const wildcards = [...acknowledged.keys()].filter((id) => id.includes('IAM5'));
    expect(wildcards).toHaveLength(3 * datasetDefinitions.length + 2 + 3);
    for (const id of wildcards) {
      expect(id).toMatch(
        /IAM5\[Resource::(<(StorageLandingBucket\w+\.Arn>\/(_runs\/)?[\w.-]+\/\*|StoragePublicBucket\w+\.Arn>\/datasets\/([\w.-]+\/)?\*|StoragePublicBucket\w+\.Arn>\/site\/\*|PublishFn[\w]+\.Arn>:\*)|arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:HealthOpenData-publish-health-care-encounters\/\*|\*)\]$/,
      );
    }
    expect(wildcards.filter((id) => id.endsWith('[Resource::*]'))).toHaveLength(1);
    expect(wildcards.filter((id) => /StoragePublicBucket\w+\.Arn>\/datasets\/\*\]$/.test(id))).toHaveLength(1);
  });

  it('needs no WAF or TLS acknowledgement with a custom domain, certificate and web ACL', () => {
    // Prepare
    const app = testApp({ domainName: 'data.example.gov.vn', certificateArn: CERTIFICATE_ARN, webAclArn: WEB_ACL_ARN });
    defineApp(app);

    // Act
    const acknowledged = [...acknowledgements(app).keys()];
    app.synth();

    // Assess
    expect(acknowledged).not.toContain('AwsSolutions::AwsSolutions-CFR2');
    expect(acknowledged).not.toContain('AwsSolutions::AwsSolutions-CFR4');
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    // Prepare: a bucket without logging, TLS enforcement or versioning
    const app = testApp();
    new Bucket(new Stack(app, 'Careless'), 'Bucket');
    addSecurityChecks(app);

    // Act + Assess
    expect(() => app.synth()).toThrow(/Acknowledge with 'AwsSolutions::AwsSolutions-S1'/);
  });

  it('reads and checks the deploy context', () => {
    expect(readDeployContext(testApp())).toEqual({});
    expect(
      readDeployContext(
        testApp({
          publicBaseUrl: 'https://data.example.gov.vn',
          domainName: 'Data.Example.gov.vn, www.data.example.gov.vn',
          certificateArn: CERTIFICATE_ARN,
        }),
      ),
    ).toEqual({
      publicBaseUrl: 'https://data.example.gov.vn',
      domainNames: ['data.example.gov.vn', 'www.data.example.gov.vn'],
      certificateArn: CERTIFICATE_ARN,
    });
    expect(() => readDeployContext(testApp({ domainName: 'data.example.gov.vn' }))).toThrow(/go together/);
    expect(() => readDeployContext(testApp({ certificateArn: CERTIFICATE_ARN }))).toThrow(/go together/);
    expect(
      readDeployContext(
        testApp({ purgePrincipals: 'arn:aws:iam::123456789012:role/DataOfficer, arn:aws:iam::123456789012:user/ops/le.van.a' }),
      ).purgePrincipalArns,
    ).toEqual(['arn:aws:iam::123456789012:role/DataOfficer', 'arn:aws:iam::123456789012:user/ops/le.van.a']);
    expect(() => readDeployContext(testApp({ purgePrincipals: 'arn:aws:iam::123456789012:root' }))).toThrow(/purgePrincipals/);
    expect(() => readDeployContext(testApp({ purgePrincipals: 'arn:aws:iam::123456789012:role/*' }))).toThrow(/purgePrincipals/);
    expect(() =>
      readDeployContext(
        testApp({ domainName: 'data.example.gov.vn', certificateArn: CERTIFICATE_ARN.replace('us-east-1', 'ap-southeast-1') }),
      ),
    ).toThrow(/us-east-1/);
    expect(() => readDeployContext(testApp({ webAclArn: 'arn:aws:wafv2:ap-southeast-1:123456789012:regional/webacl/x/y' }))).toThrow(
      /webAclArn/,
    );
    expect(() => readDeployContext(testApp({ domainName: 'https://data.example.gov.vn', certificateArn: CERTIFICATE_ARN }))).toThrow(
      /not a host name/,
    );
  });
});
