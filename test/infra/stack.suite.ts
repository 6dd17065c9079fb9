import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUNS_PREFIX } from '../../src/pipeline/distributed/state-machine.ts';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { DynamoDbCatalogStore } from '../../src/adapters/dynamodb-catalog-store.ts';
import { CKAN_ACTION_PATHS, CONTENT_SECURITY_POLICY } from '../../infra/constructs/edge.ts';
import { CatalogTable } from '../../infra/constructs/storage.ts';
import { VIEWER_REQUEST_SOURCE } from '../../src/site/viewer-request.ts';
import { HealthOpenDataStack } from '../../infra/stack.ts';
import {
  actionsOf,
  buildStack,
  grantsOf,
  logicalId,
  render,
  resourcesNamed,
  roleStatements,
  TEST_DATASETS,
  type Json,
  type Statement,
} from './helpers.ts';

/** What `grantSendMessages` gives (the Lambda on-failure destination). */
const SQS_SEND_ACTIONS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const CATALOG_DOCUMENTS = [
  '/catalog.jsonld',
  '/catalog.ttl',
  '/data.json',
  '/feed.atom',
  '/catalog.csv',
  '/sitemap.xml',
  '/robots.txt',
  '/favicon.svg',
  '/openapi.json',
];

type Behavior = Json & { PathPattern?: string; CachePolicyId: unknown; AllowedMethods: string[] };

describe('HealthOpenDataStack', () => {
  let stack: HealthOpenDataStack;
  let template: Template;
  let ids: {
    landing: string;
    public: string;
    logs: string;
    table: string;
    landingKey: string;
    logKey: string;
    dlq: string;
    topic: string;
  };
  /** Logical id → short name, for readable grants. */
  let names: Record<string, string>;

  beforeAll(() => {
    stack = buildStack();
    template = Template.fromStack(stack);
    ids = {
      landing: logicalId(stack.buckets.landing),
      public: logicalId(stack.buckets.publicDatasets),
      logs: logicalId(stack.buckets.accessLogs),
      table: logicalId(stack.catalogTable),
      landingKey: logicalId(stack.buckets.landingKey),
      logKey: logicalId(stack.logKey),
      dlq: logicalId(stack.deadLetterQueue),
      topic: logicalId(stack.monitoring.alarmTopic),
    };
    names = {
      [ids.landing]: 'landing',
      [ids.public]: 'public',
      [ids.table]: 'table',
      [ids.landingKey]: 'landing-key',
      [ids.dlq]: 'dlq',
      [logicalId(stack.distribution)]: 'distribution',
      [logicalId(stack.api.fn.logGroup)]: 'api-logs',
      ...Object.fromEntries(
        [...stack.publishFunctions].flatMap(([id, fn]) => [
          [logicalId(fn.logGroup), `${id}-logs`],
          [logicalId(fn), `${id}-fn`],
        ]),
      ),
    };
  });

  describe('schedules', () => {
    it('creates one schedule per dataset with its expression, time zone, input, own role and DLQ', () => {
      // Act
      const schedules = template.findResources('AWS::Scheduler::Schedule');

      // Assess
      expect(Object.keys(schedules)).toHaveLength(TEST_DATASETS.length);
      for (const dataset of TEST_DATASETS) {
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: dataset.schedule,
          ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
          Target: {
            Arn: { 'Fn::GetAtt': [logicalId(stack.publishFunctions.get(dataset.id)!), 'Arn'] },
            RoleArn: { 'Fn::GetAtt': [logicalId(stack.scheduleRoles.get(dataset.id)!), 'Arn'] },
            Input: JSON.stringify({ datasetId: dataset.id }),
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } },
          },
        });
      }
    });

    it('lets each schedule role invoke its own function only, and only the scheduler of this account assume it', () => {
      for (const [datasetId, role] of stack.scheduleRoles) {
        // Prepare
        const fnName = `${datasetId}-fn`;
        const roleResource = template.findResources('AWS::IAM::Role')[logicalId(role)]!;

        // Act
        const grants = grantsOf(roleStatements(template, logicalId(role)), names);

        // Assess
        expect(grants).toEqual(
          [`Allow lambda:InvokeFunction on ${fnName}`, `Allow lambda:InvokeFunction on ${fnName}:*`, 'Allow sqs:SendMessage on dlq'].sort(),
        );
        expect(roleResource.Properties.AssumeRolePolicyDocument.Statement).toEqual([
          expect.objectContaining({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': expect.anything() } },
          }),
        ]);
      }
    });

    it('dead-letters runs that fail inside the function too, after one retry', () => {
      for (const fn of stack.publishFunctions.values()) {
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: logicalId(fn) },
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } } },
        });
      }
    });

    it('keeps the dead-letter queue encrypted and TLS-only', () => {
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: ids.dlq }],
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
    it('runs every function on nodejs24.x with JSON logs at INFO', () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      expect(functions).toHaveLength(TEST_DATASETS.length + 1);
      for (const fn of functions) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Handler: 'index.handler',
          LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
          Environment: { Variables: { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_NAMESPACE: 'HealthOpenData' } },
        });
        expect(fn.Properties.TracingConfig ?? { Mode: 'PassThrough' }).toEqual({ Mode: 'PassThrough' });
      }
    });

    it('gives every function its own log group, encrypted with the log key and kept three months', () => {
      for (const fn of [stack.api.fn, ...stack.publishFunctions.values()]) {
        const props = template.findResources('AWS::Lambda::Function')[logicalId(fn)]?.Properties;
        expect(props.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(fn.logGroup) });
        expect(template.findResources('AWS::Logs::LogGroup')[logicalId(fn.logGroup)]).toMatchObject({
          DeletionPolicy: 'Retain',
          Properties: { RetentionInDays: 90, KmsKeyId: { 'Fn::GetAtt': [ids.logKey, 'Arn'] } },
        });
      }
    });

    it('sizes each publish function for DuckDB and never runs one dataset twice at once', () => {
      for (const dataset of TEST_DATASETS) {
        const fnId = logicalId(stack.publishFunctions.get(dataset.id)!);
        const props = template.findResources('AWS::Lambda::Function')[fnId]?.Properties;
        expect(props).toMatchObject({ ReservedConcurrentExecutions: 1, Timeout: 900, Architectures: ['x86_64'] });
        // Two vCPU (1,769 MB each) for DuckDB's two threads, and no more.
        expect(props.MemorySize).toBeGreaterThanOrEqual(3538);
        expect(props.MemorySize).toBeLessThan(3 * 1769);
        expect(props.EphemeralStorage.Size).toBe(10240);
        // The caps the benchmark measured (README, "Performance"), two threads.
        expect(props.Environment.Variables.DUCKDB_MEMORY_LIMIT).toBe('128MB');
        expect(props.Environment.Variables.DUCKDB_THREADS).toBe('2');
        expect(props.Environment.Variables.MALLOC_ARENA_MAX).toBe('2');
        expect(Object.keys(props.Environment.Variables)).toEqual(
          expect.arrayContaining([
            'LANDING_BUCKET',
            'PUBLIC_BUCKET',
            'CATALOG_TABLE',
            'PUBLIC_BASE_URL',
            'POWERTOOLS_SERVICE_NAME',
            'DUCKDB_MEMORY_LIMIT',
          ]),
        );
      }
    });

    it('gives the API function 512 MB and 10 s, and no reserved concurrency', () => {
      const props = template.findResources('AWS::Lambda::Function')[logicalId(stack.api.fn)]?.Properties;
      expect(props).toMatchObject({ MemorySize: 512, Timeout: 10 });
      expect(props.ReservedConcurrentExecutions).toBeUndefined();
      // It reads the catalog and the published tables: the public bucket's name, never the landing bucket's (src/config.ts, loadApiConfig).
      expect(Object.keys(props.Environment.Variables)).toEqual(
        expect.arrayContaining(['CATALOG_TABLE', 'PUBLIC_BASE_URL', 'PUBLIC_BUCKET']),
      );
      expect(Object.keys(props.Environment.Variables)).not.toContain('LANDING_BUCKET');
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

    it('uses a publicBaseUrl override', () => {
      const custom = Template.fromStack(buildStack({ publicBaseUrl: 'https://data.example.gov.vn' }));
      custom.allResourcesProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://data.example.gov.vn' }) },
      });
      expect(() => buildStack({ publicBaseUrl: 'https://data.example.gov.vn/' })).toThrow(/trailing slash/);
    });
  });

  describe('least privilege', () => {
    it('lets each publish role read its landing prefix, write its public prefix, its own catalog items and the static catalog, nothing else', () => {
      for (const dataset of TEST_DATASETS) {
        // Prepare
        const id = dataset.id;
        const role = stack.publishFunctions.get(id)!.executionRole;
        const onlyPrefix = (prefix: string) => ` if {"StringLike":{"s3:prefix":["${prefix}*"]}}`;
        const ownItems = ` if {"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["DATASET#${id}"]},"Null":{"dynamodb:LeadingKeys":"false"}}`;

        // Act
        const grants = grantsOf(roleStatements(template, logicalId(role)), names);

        // Assess
        expect(grants).toEqual(
          [
            `Allow logs:CreateLogStream on ${id}-logs`,
            `Allow logs:PutLogEvents on ${id}-logs`,
            `Allow s3:GetObject on landing/${id}/*`,
            `Allow s3:ListBucket on landing${onlyPrefix(`${id}/`)}`,
            'Allow kms:Decrypt on landing-key if {"StringEquals":{"kms:ViaService":"s3.${AWS::Region}.amazonaws.com"}}',
            `Allow s3:GetObject on public/datasets/${id}/*`,
            `Allow s3:PutObject on public/datasets/${id}/*`,
            `Allow s3:DeleteObject on public/datasets/${id}/*`,
            `Allow s3:AbortMultipartUpload on public/datasets/${id}/*`,
            `Allow s3:ListBucket on public${onlyPrefix(`datasets/${id}/`)}`,
            ...['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'].map((a) => `Allow dynamodb:${a} on table${ownItems}`),
            // The static catalog: rendered from the whole (public) catalog, written under site/.
            ...['GetObject', 'PutObject', 'DeleteObject', 'AbortMultipartUpload'].map((a) => `Allow s3:${a} on public/site/*`),
            `Allow s3:ListBucket on public${onlyPrefix('site/')}`,
            ...['GetItem', 'Query', 'Scan'].flatMap((a) => [`Allow dynamodb:${a} on table`, `Allow dynamodb:${a} on table/index/gsi1`]),
            ...SQS_SEND_ACTIONS.map((a) => `Allow ${a} on dlq`),
          ].sort(),
        );
      }
    });

    it('keys the catalog items of a dataset exactly as the publish role allows (dynamodb:LeadingKeys)', async () => {
      // Prepare: the real adapter with a client that records every request
      const requests: Json[] = [];
      const client = { send: async (command: { input: Json }) => (requests.push(command.input), { Items: [] }) };
      const store = new DynamoDbCatalogStore(client as never, 'catalog');
      const datasetId = 'births';
      const version = { datasetId, version: '20261125T215222Z', state: 'staged', files: [] } as never;

      // Act: every call the publish job makes
      await store.getDataset(datasetId);
      await store.saveDatasetMetadata({ id: datasetId } as never, '2026-11-25T00:00:00Z');
      await store.listVersions(datasetId);
      await store.getVersion(datasetId, '20261125T215222Z');
      await store.stageVersion(version);
      await store.moveLatest(datasetId, undefined, version, '2026-11-25T00:00:00Z');
      await store.markPublished(datasetId, '20261125T215222Z', '2026-11-25T00:00:00Z');
      await store.deleteVersion(datasetId, '20261125T215222Z');

      // Assess
      const partitionKeys = requests.map(
        (r) => (r.Key as Json | undefined)?.pk ?? (r.Item as Json | undefined)?.pk ?? (r.ExpressionAttributeValues as Json)[':pk'],
      );
      expect(requests).toHaveLength(8);
      expect(requests.every((r) => r.IndexName === undefined)).toBe(true);
      expect(new Set(partitionKeys)).toEqual(new Set([CatalogTable.datasetPartitionKey(datasetId)]));
    });

    it('lets the API role read the catalog table and its index, and only the published files of the public bucket', () => {
      // Prepare
      const statements = roleStatements(template, logicalId(stack.api.fn.executionRole));

      // Act
      const grants = grantsOf(statements, names);

      // Assess
      expect(grants).toEqual(
        [
          'Allow logs:CreateLogStream on api-logs',
          'Allow logs:PutLogEvents on api-logs',
          ...['GetItem', 'Query', 'Scan'].flatMap((a) => [`Allow dynamodb:${a} on table`, `Allow dynamodb:${a} on table/index/gsi1`]),
          'Allow s3:GetObject on public/datasets/*',
        ].sort(),
      );
      expect(resourcesNamed(statements).filter((id) => id !== logicalId(stack.api.fn.logGroup))).toEqual([ids.table, ids.public].sort());
      for (const statement of statements) {
        expect(JSON.stringify(statement)).not.toContain(ids.landing);
        expect(JSON.stringify(statement)).not.toContain(ids.landingKey);
      }
    });

    it('grants nothing on the landing bucket or its key to any role but the publish roles', () => {
      const publishRoles = new Set([...stack.publishFunctions.values()].map((fn) => logicalId(fn.executionRole)));
      for (const [policyId, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
        const roles = (policy.Properties.Roles as { Ref: string }[]).map((r) => r.Ref);
        if (roles.every((r) => publishRoles.has(r))) continue;
        const text = JSON.stringify(policy.Properties.PolicyDocument);
        expect({ policyId, landing: text.includes(ids.landing) || text.includes(ids.landingKey) }).toEqual({
          policyId,
          landing: false,
        });
      }
    });

    it('uses no "*" resource and no wildcard action in any identity policy, and no AWS managed policy', () => {
      // Object prefixes (`…/<id>/*`, the static catalog's `public/site/*`) and a function's qualifiers (`…:*`) are the only wildcards;
      // the purge role (deletes) and the API role (GetObject, row queries) alone have the version folders of every dataset (`public/datasets/*`).
      const allowedWildcard = /^(landing\/[^*]+\/\*|public\/datasets\/[^*]+\/\*|public\/site\/\*|[a-z-]+-fn:\*)$/;
      const purgeRole = logicalId(stack.purgeRole);
      const apiRole = logicalId(stack.api.fn.executionRole);
      for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
        const ofPurgeRole = [purgeRole, apiRole].some(
          (role) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: role }]),
        );
        for (const s of policy.Properties.PolicyDocument.Statement as Statement[]) {
          expect(actionsOf(s).filter((a) => a.includes('*'))).toEqual([]);
          const resources = (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) => String(render(r, names)));
          expect(
            resources.filter((r) => r.includes('*') && !allowedWildcard.test(r) && !(ofPurgeRole && r === 'public/datasets/*')),
          ).toEqual([]);
        }
      }
      expect(Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))).toEqual([]);
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });

    it('scopes the log key to CloudWatch Logs of this account and region', () => {
      const key = template.findResources('AWS::KMS::Key')[ids.logKey]!;
      const logs = (key.Properties.KeyPolicy.Statement as Statement[]).find((s) => s.Sid === 'CloudWatchLogsOfThisAccount')!;
      expect(logs.Principal).toEqual({ Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } });
      expect(JSON.stringify(logs.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.DeletionPolicy).toBe('Retain');
    });
  });

  describe('purging (withdraw --aws --purge)', () => {
    it('gives the purge role what a withdrawal and a purge need, and nothing else', () => {
      // Act
      const grants = grantsOf(roleStatements(template, logicalId(stack.purgeRole)), names);

      // Assess
      const underDatasets = ' if {"StringLike":{"s3:prefix":["datasets/*"]}}';
      expect(grants).toEqual(
        [
          ...['GetItem', 'Query', 'UpdateItem'].map((a) => `Allow dynamodb:${a} on table`),
          // A withdrawal renders the static catalog again.
          'Allow dynamodb:Query on table/index/gsi1',
          'Allow s3:PutObject on public/site/*',
          'Allow s3:DeleteObject on public/site/*',
          'Allow s3:ListBucket on public if {"StringLike":{"s3:prefix":["site/*"]}}',
          'Allow s3:GetBucketVersioning on public',
          `Allow s3:ListBucket on public${underDatasets}`,
          `Allow s3:ListBucketVersions on public${underDatasets}`,
          'Allow s3:DeleteObject on public/datasets/*',
          'Allow s3:DeleteObjectVersion on public/datasets/*',
          'Allow cloudfront:CreateInvalidation on arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/distribution',
        ].sort(),
      );
      template.hasOutput('PurgeRoleArn', { Value: { 'Fn::GetAtt': [logicalId(stack.purgeRole), 'Arn'] } });
    });

    it('lets only principals of the account assume it by default, only the named ones when given, and no service', () => {
      // Prepare
      const trust = (t: Template, roleId: string) =>
        (t.findResources('AWS::IAM::Role')[roleId]!.Properties.AssumeRolePolicyDocument.Statement as Statement[]).map((s) => ({
          effect: s.Effect,
          action: s.Action,
          principal: render(s.Principal, names),
        }));
      const named = buildStack({
        purgePrincipalArns: ['arn:aws:iam::123456789012:role/DataOfficer', 'arn:aws:iam::123456789012:user/le.van.a'],
      });

      // Act + Assess
      expect(trust(template, logicalId(stack.purgeRole))).toEqual([
        { effect: 'Allow', action: 'sts:AssumeRole', principal: { AWS: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
      ]);
      expect(trust(Template.fromStack(named), logicalId(named.purgeRole))).toEqual([
        {
          effect: 'Allow',
          action: 'sts:AssumeRole',
          principal: { AWS: ['arn:aws:iam::123456789012:role/DataOfficer', 'arn:aws:iam::123456789012:user/le.van.a'] },
        },
      ]);
      for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
        expect(fn.Properties.Role).not.toEqual({ 'Fn::GetAtt': [logicalId(stack.purgeRole), 'Arn'] });
      }
    });

    it('grants s3:DeleteObjectVersion to no other role: not the publish roles, not the API role', () => {
      const purgeRole = logicalId(stack.purgeRole);
      const others = [stack.api.fn, ...stack.publishFunctions.values()].map((fn) => logicalId(fn.executionRole));
      for (const role of others) {
        const actions = roleStatements(template, role).flatMap(actionsOf);
        expect({ role, versionDeletes: actions.filter((a) => /^s3:(DeleteObjectVersion|\*)$/.test(a)) }).toEqual({
          role,
          versionDeletes: [],
        });
      }
      for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
        if (JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: purgeRole }])) continue;
        expect({ id, text: JSON.stringify(policy.Properties.PolicyDocument).includes('DeleteObjectVersion') }).toEqual({ id, text: false });
      }
    });

    it('denies s3:DeleteObjectVersion on the public bucket to every principal but the purge role, whatever their IAM policies say', () => {
      // Prepare
      const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
        (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: ids.public }),
      )!;
      const statements = policy.Properties.PolicyDocument.Statement as Statement[];

      // Act
      const versionDeletes = statements.filter((s) => actionsOf(s).some((a) => a === 's3:DeleteObjectVersion' || a === 's3:*'));

      // Assess: the TLS-only deny, and this one; no Allow.
      expect(versionDeletes.filter((s) => s.Effect === 'Allow')).toEqual([]);
      expect(versionDeletes.find((s) => s.Sid === 'OnlyThePurgeRoleDeletesObjectVersions')).toEqual({
        Sid: 'OnlyThePurgeRoleDeletesObjectVersions',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:DeleteObjectVersion',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.public, 'Arn'] }, '/*']] },
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [logicalId(stack.purgeRole), 'Arn'] } } },
      });
    });
  });

  describe('storage', () => {
    it('blocks public access, enforces TLS, versions and retains every bucket', () => {
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
        expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
        expect(bucket.DeletionPolicy).toBe('Retain');
        const policy = policies.find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }));
        expect(policy?.Properties.PolicyDocument.Statement).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        );
      }
    });

    it('encrypts the landing bucket with its own rotated key, the others with SSE-S3', () => {
      const buckets = template.findResources('AWS::S3::Bucket');
      expect(buckets[ids.landing]?.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [ids.landingKey, 'Arn'] } },
        },
      ]);
      for (const id of [ids.public, ids.logs]) {
        expect(buckets[id]?.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ]);
      }
      expect(template.findResources('AWS::KMS::Key')[ids.landingKey]?.Properties.EnableKeyRotation).toBe(true);
    });

    it('logs landing and public access, and never expires current versions of either (but a failed run’s partial counts)', () => {
      const buckets = template.findResources('AWS::S3::Bucket');
      const rules = (id: string) => buckets[id]?.Properties.LifecycleConfiguration.Rules as Json[];
      for (const id of [ids.landing, ids.public]) {
        const props = buckets[id]?.Properties;
        expect(props.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: ids.logs });
        for (const rule of rules(id).filter((r) => r.Prefix !== RUNS_PREFIX)) {
          expect(rule).not.toHaveProperty('ExpirationInDays');
          expect(rule).not.toHaveProperty('ExpirationDate');
        }
      }
      const noncurrent = (id: string) => rules(id).filter((r) => 'NoncurrentVersionExpiration' in r && r.Prefix === undefined);
      expect(noncurrent(ids.landing)).toEqual([expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } })]);
      expect(noncurrent(ids.public)).toEqual([]);
      // The distributed path's partial counts (landing bucket, _runs/): a finished run deletes them.
      expect(rules(ids.landing).filter((r) => r.Prefix === RUNS_PREFIX)).toEqual([
        expect.objectContaining({ ExpirationInDays: 7, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' }),
      ]);
      expect(rules(ids.public).filter((r) => r.Prefix !== undefined)).toEqual([]);
    });

    it('lets only CloudFront read the public bucket, and browsers read it cross-origin', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: ids.public },
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
      expect(template.findResources('AWS::S3::Bucket')[ids.public]?.Properties.CorsConfiguration.CorsRules).toEqual([
        expect.objectContaining({ AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['*'] }),
      ]);
    });

    it('protects the catalog table', () => {
      const tables = template.findResources('AWS::DynamoDB::Table');
      expect(Object.keys(tables)).toEqual([ids.table]);
      const table = tables[ids.table]!;
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
    let config: Json & { DefaultCacheBehavior: Behavior; CacheBehaviors: Behavior[] };
    /** The behavior CloudFront picks for a path: the first pattern that matches, else the default. */
    const behaviorFor = (path: string): Behavior =>
      config.CacheBehaviors.find((b) =>
        new RegExp(
          `^${b
            .PathPattern!.replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ).test(path),
      ) ?? config.DefaultCacheBehavior;
    const shortPolicy = () => ({ Ref: logicalId(stack.edge.shortCachePolicy) });

    beforeAll(() => {
      config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    });

    it('serves /datasets/* from S3 through OAC, cached as long as the immutable objects say', () => {
      const behavior = behaviorFor('/datasets/births/20261125T215222Z/births.parquet');
      expect(behavior).toMatchObject({
        PathPattern: '/datasets/*',
        CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.CORS_S3_ORIGIN.originRequestPolicyId,
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      const origin = (config.Origins as Json[]).find((o) => o.Id === behavior.TargetOriginId)!;
      expect(origin).toMatchObject({ OriginAccessControlId: expect.anything(), S3OriginConfig: expect.anything() });
    });

    it('caches pages, /api/* and the catalog documents briefly, with query strings in the key', () => {
      // Prepare
      const policy = Object.values(template.findResources('AWS::CloudFront::CachePolicy'))[0]!.Properties.CachePolicyConfig;

      // Assess
      expect(policy).toMatchObject({
        MinTTL: 0,
        DefaultTTL: 60,
        MaxTTL: 3600,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      });
      for (const path of ['/', '/dataset/births', '/api/datasets', '/api/datasets/births/latest/births.csv', ...CATALOG_DOCUMENTS]) {
        expect({ path, policy: behaviorFor(path).CachePolicyId }).toEqual({ path, policy: shortPolicy() });
        expect(behaviorFor(path).OriginRequestPolicyId).toBe(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
      }
    });

    it('serves the static catalog from the bucket first and falls back to the API on 403/404, through the site router', () => {
      // Prepare
      const groups = (config.OriginGroups as { Items: Json[] }).Items;
      const defaults = config.DefaultCacheBehavior;
      const origin = (id: unknown) => (config.Origins as Json[]).find((o) => o.Id === id)!;

      // Assess: the default behaviour targets the one origin group: bucket, then API
      expect(groups).toHaveLength(1);
      const group = groups[0]! as { Id: string; FailoverCriteria: Json; Members: { Items: { OriginId: string }[] } };
      expect(defaults.TargetOriginId).toBe(group.Id);
      expect(group.FailoverCriteria).toEqual({ StatusCodes: { Items: [403, 404], Quantity: 2 } });
      const [primary, fallback] = group.Members.Items.map((m) => origin(m.OriginId));
      expect(primary).toMatchObject({ OriginAccessControlId: expect.anything(), S3OriginConfig: expect.anything() });
      const files = origin(behaviorFor('/datasets/births/20261125T215222Z/births.csv').TargetOriginId);
      expect(primary!.DomainName).toEqual(files.DomainName);
      expect(primary!.DomainName).toEqual({ 'Fn::GetAtt': [ids.public, 'RegionalDomainName'] });
      expect(Object.keys(template.findResources('AWS::CloudFront::OriginAccessControl'))).toHaveLength(1);
      expect(fallback).toMatchObject({ CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } });
      // Origin groups fail over for reads only: nothing else is allowed on the default behaviour
      expect(defaults.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);

      // Assess: the viewer-request function is src/site/viewer-request.js, as the tests run it
      expect(defaults.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [logicalId(stack.edge.siteRouter), 'FunctionARN'] } },
      ]);
      const fn = template.findResources('AWS::CloudFront::Function')[logicalId(stack.edge.siteRouter)]!;
      expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      expect(fn.Properties.FunctionCode).toBe(readFileSync(VIEWER_REQUEST_SOURCE, 'utf8'));
      expect(fn.Properties.AutoPublish).toBe(true);
      expect(Object.keys(template.findResources('AWS::CloudFront::Function'))).toHaveLength(1);
      for (const b of config.CacheBehaviors) expect(b.FunctionAssociations).toBeUndefined();

      // Assess: the pages and documents are readable cross-origin, as the API's answers are
      const policyId = (defaults.ResponseHeadersPolicyId as { Ref: string }).Ref;
      const cors = template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[policyId]!.Properties.ResponseHeadersPolicyConfig
        .CorsConfig;
      expect(cors).toMatchObject({
        AccessControlAllowOrigins: { Items: ['*'] },
        AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
        AccessControlAllowCredentials: false,
        OriginOverride: true,
      });
    });

    it('lets CloudFront read the static catalog under site/ and nothing list the bucket', () => {
      const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
        (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: ids.public }),
      )!;
      const cloudFront = (policy.Properties.PolicyDocument.Statement as Statement[]).filter(
        (st) => JSON.stringify(st).includes('cloudfront.amazonaws.com') && st.Effect === 'Allow',
      );
      expect(cloudFront.map((st) => st.Action)).toEqual(['s3:GetObject']);
      // GetObject on every key (datasets/* and site/*): a missing key is a 403, which fails over to the API.
      expect(JSON.stringify(cloudFront[0]!.Resource)).toContain('/*');
    });

    it("passes CKAN's POST actions through, uncached", () => {
      for (const path of ['/api/3/action/package_search', '/api/action/package_show']) {
        expect(behaviorFor(path)).toMatchObject({
          PathPattern: CKAN_ACTION_PATHS.find((p) => path.startsWith(p.slice(0, -1))),
          AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'POST']),
          CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
          ViewerProtocolPolicy: 'redirect-to-https',
        });
      }
      expect(behaviorFor('/').AllowedMethods).not.toContain('POST');
    });

    it('redirects HTTP to HTTPS and sends security headers on every behavior', () => {
      for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
        expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
        const policyId = (behavior.ResponseHeadersPolicyId as { Ref: string }).Ref;
        const policy = template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[policyId]!;
        expect(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toMatchObject({
          StrictTransportSecurity: { AccessControlMaxAgeSec: 730 * 24 * 3600, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY' },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin' },
          ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY },
        });
      }
      expect((config.Origins as Json[]).find((o) => 'CustomOriginConfig' in o)).toMatchObject({
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      });
    });

    it('logs to the log bucket, and has no geo restriction', () => {
      expect(config.Logging).toEqual({
        Bucket: { 'Fn::GetAtt': [ids.logs, 'RegionalDomainName'] },
        IncludeCookies: false,
        Prefix: 'cloudfront/',
      });
      expect(config.Restrictions).toBeUndefined();
      expect(template.findResources('AWS::S3::Bucket')[ids.logs]?.Properties.OwnershipControls).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }],
      });
    });

    it('uses the custom domain with TLS 1.2+ and the web ACL when given', () => {
      // Prepare
      const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f2c6a3e-1111-2222-3333-444455556666';
      const webAclArn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/open-data/abc';

      // Act
      const custom = Template.fromStack(buildStack({ domainNames: ['data.example.gov.vn'], certificateArn, webAclArn }));

      // Assess
      custom.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['data.example.gov.vn'],
          ViewerCertificate: { AcmCertificateArn: certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
          WebACLId: webAclArn,
        }),
      });
      custom.allResourcesProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://data.example.gov.vn' }) },
      });
    });

    it('throttles and logs the HTTP API stage', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [logicalId(stack.api.accessLogs), 'Arn'] },
          Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
        },
      });
      expect(template.findResources('AWS::Logs::LogGroup')[logicalId(stack.api.accessLogs)]?.Properties).toMatchObject({
        RetentionInDays: 90,
        KmsKeyId: { 'Fn::GetAtt': [ids.logKey, 'Arn'] },
      });
    });
  });

  describe('monitoring', () => {
    const alarmsOf = () => Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const metricsOf = (alarm: Json) => JSON.stringify((alarm.Properties as Json).Metrics ?? alarm.Properties);

    it('alarms on a failed run of each dataset: function errors or RunsFailed ≥ 1', () => {
      for (const [datasetId, fn] of stack.publishFunctions) {
        const alarm = alarmsOf().find((a) => metricsOf(a).includes('"RunsFailed"') && metricsOf(a).includes(`"Value":"${datasetId}"`))!;
        expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1 });
        expect(metricsOf(alarm)).toContain('"MetricName":"Errors"');
        expect(metricsOf(alarm)).toContain(JSON.stringify({ Name: 'FunctionName', Value: { Ref: logicalId(fn) } }));
      }
    });

    it('alarms on any identifier-gate block and any failed run, whatever the dimensions, and on dead letters', () => {
      const expressions = alarmsOf().flatMap((a) => ((a.Properties.Metrics ?? []) as Json[]).map((m) => m.Expression));
      expect(expressions).toEqual(
        expect.arrayContaining(['SELECT SUM(IdentifierGateBlocks) FROM "HealthOpenData"', 'SELECT SUM(RunsFailed) FROM "HealthOpenData"']),
      );
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      for (const expression of ['IdentifierGateBlocks', 'RunsFailed']) {
        const alarm = alarmsOf().find((a) => metricsOf(a).includes(`SELECT SUM(${expression})`))!;
        expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      }
    });

    it('sends every alarm to the alarm topic, which is TLS-only and an output', () => {
      const alarms = alarmsOf();
      expect(alarms).toHaveLength(TEST_DATASETS.length + 3);
      for (const alarm of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: ids.topic }]);
        expect(alarm.Properties.OKActions).toEqual([{ Ref: ids.topic }]);
      }
      template.hasOutput('AlarmTopicArn', { Value: { Ref: ids.topic } });
      // The TLS-only topic policy replaces SNS's default one: CloudWatch needs its own Allow.
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: { 'aws:SourceArn': Match.anyValue() },
              },
            }),
          ]),
        },
      });
    });

    it('outputs the URLs, bucket names, key and table name', () => {
      for (const name of [
        'DistributionUrl',
        'DistributionId',
        'PublicBaseUrl',
        'LandingBucketName',
        'LandingKeyArn',
        'PublicBucketName',
        'CatalogTableName',
      ]) {
        template.hasOutput(name, Match.anyValue());
      }
    });
  });
});
