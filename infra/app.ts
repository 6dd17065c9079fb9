import { App, Tags } from 'aws-cdk-lib';
import { datasetDefinitions } from '../datasets/index.ts';
import { HealthOpenDataStack } from './stack.ts';

const app = new App();

// Optional: `cdk synth -c publicBaseUrl=https://data.example.gov.vn` when served from a custom domain.
const publicBaseUrl: unknown = app.node.tryGetContext('publicBaseUrl');

const stack = new HealthOpenDataStack(app, 'HealthOpenData', {
  description: 'Vietnam open health data publishing pipeline (Decree 102/2025/ND-CP)',
  datasets: datasetDefinitions.map(({ id, schedule }) => ({ id, schedule })),
  publicBaseUrl: typeof publicBaseUrl === 'string' && publicBaseUrl !== '' ? publicBaseUrl : undefined,
  // Environment-agnostic unless the CLI resolved an account and region from credentials.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Tags.of(stack).add('project', 'vn-health-open-data');

app.synth();
