import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { HealthOpenDataStack, type ScheduledDataset } from '../../infra/stack.ts';

const DATASETS: ScheduledDataset[] = [
  { id: 'medical-facilities', schedule: 'cron(0 2 * * ? *)' },
  { id: 'vaccination-coverage', schedule: 'rate(1 day)' },
];

const DYNAMODB_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:TransactWriteItems',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
];

/** What `grantSendMessages` gives. */
const SQS_SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

type Json = Record<string, unknown>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
  Principal?: unknown;
}

/** The feature flags the CLI would apply, so the test synthesizes what `cdk synth` does. */
function cdkJsonContext(): Json {
  const cdkJson = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Json;
  };
  return cdkJson.context;
}

function buildStack(props: { publicBaseUrl?: string } = {}): HealthOpenDataStack {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  return new HealthOpenDataStack(app, 'TestStack', { datasets: DATASETS, ...props });
}

const logicalId = (c: IConstruct): string => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);
const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Every statement of every AWS::IAM::Policy attached to the role. */
function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** Logical ids of the resources the statements name (through Ref or Fn::GetAtt). */
function resourcesNamed(statements: Statement[]): string[] {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref' && typeof value === 'string') ids.add(value);
      else if (key === 'Fn::GetAtt' && Array.isArray(value)) ids.add(String(value[0]));
      else visit(value);
    }
  };
  statements.forEach((statement) => visit(statement.Resource));
  return [...ids].filter((id) => !id.startsWith('AWS::')).sort();
}

describe('HealthOpenDataStack', () => {
  let stack: HealthOpenDataStack;
  let template: Template;
  let landingId: string;
  let publicId: string;
  let tableId: string;

  beforeAll(() => {
    stack = buildStack();
    template = Template.fromStack(stack);
    landingId = logicalId(stack.buckets.landing);
    publicId = logicalId(stack.buckets.publicDatasets);
    tableId = logicalId(stack.catalogTable);
  });

  describe('schedules', () => {
    it('creates one schedule per dataset with its expression, time zone, input and DLQ', () => {
      // Prepare
      const dlqId = logicalId(stack.deadLetterQueue);

      // Act
      const schedules = template.findResources('AWS::Scheduler::Schedule');

      // Assess
      expect(Object.keys(schedules)).toHaveLength(DATASETS.length);
      for (const dataset of DATASETS) {
        const fnId = logicalId(stack.publishFunctions.get(dataset.id)!);
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: dataset.schedule,
          ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
          Target: {
            Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
            Input: JSON.stringify({ datasetId: dataset.id }),
            RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
          },
        });
      }
    });

    it('dead-letters runs that fail inside the function too, after one retry', () => {
      const dlqId = logicalId(stack.deadLetterQueue);
      for (const fn of stack.publishFunctions.values()) {
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: logicalId(fn) },
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
        });
      }
    });

    it('keeps the dead-letter queue encrypted and TLS-only', () => {
      const dlqId = logicalId(stack.deadLetterQueue);
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlqId }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    });

    it('rejects duplicate ids and malformed schedules', () => {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const dup = { id: 'a', schedule: 'rate(1 day)' };
      expect(() => new HealthOpenDataStack(app, 'Dup', { datasets: [dup, dup] })).toThrow(/defined twice/);
      expect(() => new HealthOpenDataStack(app, 'Bad', { datasets: [{ id: 'a', schedule: '0 2 * * *' }] })).toThrow(/not a cron/);
      expect(() => new HealthOpenDataStack(app, 'Wild', { datasets: [{ id: 'a*', schedule: 'rate(1 day)' }] })).toThrow(/must match/);
    });
  });

  describe('functions', () => {
    it('runs every function on nodejs22.x', () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      expect(functions).toHaveLength(DATASETS.length + 1);
      for (const fn of functions) {
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
        expect(fn.Properties.Handler).toBe('index.handler');
      }
    });

    it('sizes each publish function for DuckDB and never runs one dataset twice at once', () => {
      for (const dataset of DATASETS) {
        const fnId = logicalId(stack.publishFunctions.get(dataset.id)!);
        const props = template.findResources('AWS::Lambda::Function')[fnId]?.Properties;
        expect(props).toMatchObject({
          ReservedConcurrentExecutions: 1,
          MemorySize: 2048,
          Timeout: 900,
          EphemeralStorage: { Size: 4096 },
          Architectures: ['x86_64'],
        });
        expect(Object.keys(props.Environment.Variables)).toEqual(
          expect.arrayContaining([
            'LANDING_BUCKET',
            'PUBLIC_BUCKET',
            'CATALOG_TABLE',
            'PUBLIC_BASE_URL',
            'POWERTOOLS_SERVICE_NAME',
            'POWERTOOLS_METRICS_NAMESPACE',
            'POWERTOOLS_LOG_LEVEL',
          ]),
        );
      }
    });

    it('does not reserve concurrency for the API function', () => {
      const props = template.findResources('AWS::Lambda::Function')[logicalId(stack.api.fn)]?.Properties;
      expect(props).toBeDefined();
      expect(props.ReservedConcurrentExecutions).toBeUndefined();
    });

    it('points PUBLIC_BASE_URL of every function at the distribution', () => {
      const expected = {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.distribution), 'DomainName'] }]],
      };
      for (const fn of [stack.api.fn, ...stack.publishFunctions.values()]) {
        const props = template.findResources('AWS::Lambda::Function')[logicalId(fn)]?.Properties;
        expect(props.Environment.Variables.PUBLIC_BASE_URL).toEqual(expected);
      }
    });

    it('uses a publicBaseUrl override when given', () => {
      const custom = Template.fromStack(buildStack({ publicBaseUrl: 'https://data.example.gov.vn' }));
      custom.allResourcesProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://data.example.gov.vn' }) },
      });
      expect(() => buildStack({ publicBaseUrl: 'https://data.example.gov.vn/' })).toThrow(/trailing slash/);
    });
  });

  describe('permissions', () => {
    it('lets each publish role read its landing prefix, write its public prefix and write the catalog', () => {
      const dlqId = logicalId(stack.deadLetterQueue);
      for (const dataset of DATASETS) {
        // Prepare
        const statements = roleStatements(template, logicalId(stack.publishFunctions.get(dataset.id)!.role!));
        const on = (bucketId: string) => statements.filter((s) => JSON.stringify(s.Resource).includes(bucketId));

        // Assess: landing, read-only, on this dataset's prefix
        const landing = on(landingId);
        expect(landing.length).toBeGreaterThan(0);
        expect(landing.flatMap(actionsOf)).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:List*']));
        expect(landing.flatMap(actionsOf).filter((a) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
        expect(JSON.stringify(landing)).toContain(`/${dataset.id}/*`);

        // Assess: public, put/get/delete/list on datasets/<id>/*
        const pub = on(publicId);
        expect(pub.flatMap(actionsOf)).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:List*', 's3:PutObject', 's3:DeleteObject*']));
        expect(JSON.stringify(pub)).toContain(`/datasets/${dataset.id}/*`);

        // Assess: catalog read/write
        const table = statements.filter((s) => JSON.stringify(s.Resource).includes(tableId));
        expect(table.flatMap(actionsOf)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));

        // Assess: failed runs may be dead-lettered, nothing more on the queue
        const dlqActions = statements.filter((s) => JSON.stringify(s.Resource).includes(dlqId)).flatMap(actionsOf);
        expect(dlqActions).toContain('sqs:SendMessage');
        expect(dlqActions.filter((a) => !SQS_SEND_ACTIONS.includes(a))).toEqual([]);

        // Assess: nothing else
        expect(resourcesNamed(statements)).toEqual([landingId, publicId, tableId, dlqId].sort());
        expect(statements.filter((s) => s.Resource === '*')).toEqual([]);
      }
    });

    it('keeps the API role away from the landing bucket, S3 and catalog writes', () => {
      // Prepare
      const statements = roleStatements(template, logicalId(stack.api.fn.role!));
      const actions = statements.flatMap(actionsOf);

      // Assess
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      expect(resourcesNamed(statements)).toEqual([tableId]);
      for (const statement of statements) {
        expect(JSON.stringify(statement)).not.toContain(landingId);
        expect(JSON.stringify(statement)).not.toContain(publicId);
      }
      expect(actions.filter((a) => a.startsWith('s3:') || a === '*')).toEqual([]);
      expect(actions.filter((a) => DYNAMODB_WRITE_ACTIONS.includes(a) || a === 'dynamodb:*')).toEqual([]);
    });
  });

  describe('storage', () => {
    it('blocks public access and enforces TLS on every bucket', () => {
      const buckets = template.findResources('AWS::S3::Bucket');
      expect(Object.keys(buckets)).toHaveLength(3);
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
      for (const [id, bucket] of Object.entries(buckets)) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ]);
        expect(bucket.DeletionPolicy).toBe('Retain');
        const policy = policies.find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }));
        expect(policy?.Properties.PolicyDocument.Statement).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        );
      }
    });

    it('versions landing and public buckets, logs their access, and never expires current versions', () => {
      const logBucketId = logicalId(stack.buckets.accessLogs);
      const buckets = template.findResources('AWS::S3::Bucket');
      for (const id of [landingId, publicId]) {
        const props = buckets[id]?.Properties;
        expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
        expect(props.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logBucketId });
        for (const rule of props.LifecycleConfiguration.Rules as Json[]) {
          expect(rule).not.toHaveProperty('ExpirationInDays');
          expect(rule).not.toHaveProperty('ExpirationDate');
        }
      }
      const noncurrent = (id: string) =>
        (buckets[id]?.Properties.LifecycleConfiguration.Rules as Json[]).filter((r) => 'NoncurrentVersionExpiration' in r);
      expect(noncurrent(landingId)).toEqual([expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } })]);
      expect(noncurrent(publicId)).toEqual([]);
    });

    it('lets only CloudFront read the public bucket', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: publicId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
    });

    it('protects the catalog table', () => {
      const tables = template.findResources('AWS::DynamoDB::Table');
      expect(Object.keys(tables)).toEqual([tableId]);
      const table = tables[tableId]!;
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      });
    });
  });

  describe('edge', () => {
    it('serves /datasets/* from S3 through OAC and everything else from the API, HTTPS only', () => {
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
          CacheBehaviors: [Match.objectLike({ PathPattern: '/datasets/*', ViewerProtocolPolicy: 'redirect-to-https' })],
          Origins: Match.arrayWith([
            Match.objectLike({ CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }) }),
            Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: Match.anyValue() }),
          ]),
        }),
      });
    });

    it('throttles the HTTP API stage', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      });
    });

    it('outputs the URL, bucket names and table name', () => {
      for (const name of ['DistributionUrl', 'LandingBucketName', 'PublicBucketName', 'CatalogTableName']) {
        template.hasOutput(name, Match.anyValue());
      }
    });
  });
});
