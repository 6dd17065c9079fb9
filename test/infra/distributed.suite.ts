import { beforeAll, describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { addSecurityChecks } from '../../infra/nag.ts';
import { DISTRIBUTED_MAP_CONCURRENCY, HealthOpenDataStack } from '../../infra/stack.ts';
import { distributedPublishDefinition, RUNS_PREFIX } from '../../src/pipeline/distributed/state-machine.ts';
import { actionsOf, logicalId, roleStatements, testApp, type Json, type Statement } from './helpers.ts';

/** A stack with one dataset on the distributed path beside one on a single function. */
function buildDistributedStack() {
  const app = testApp();
  addSecurityChecks(app);
  const stack = new HealthOpenDataStack(app, 'TestStack', {
    datasets: [
      { id: 'medical-facilities', schedule: 'cron(0 2 * * ? *)' },
      { id: 'health-care-encounters', schedule: 'cron(0 3 5 * ? *)', execution: 'distributed' },
    ],
  });
  return { app, stack };
}

/** A `Fn::Join` of strings and `Fn::GetAtt`s, with each attribute written as `<logicalId.Attr>`. */
function joined(value: unknown): string {
  const join = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return join[1]
    .map((part) => (typeof part === 'string' ? part : `<${(part as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.')}>`))
    .join(join[0]);
}

describe('a dataset on the distributed path (Step Functions, Distributed Map)', () => {
  let template: Template;
  let stack: HealthOpenDataStack;

  beforeAll(() => {
    const built = buildDistributedStack();
    stack = built.stack;
    // Synth runs the AwsSolutions and HIPAA rule packs: any finding left unacknowledged throws.
    const assembly = built.app.synth();
    template = Template.fromJSON(assembly.getStackByName('TestStack').template);
  });

  it('deploys the definition the local stack runs, bound to the dataset’s steps function', () => {
    const fn = stack.publishFunctions.get('health-care-encounters')!;
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(1);
    const definition = JSON.parse(joined(machine!.Properties.DefinitionString)) as Json;
    expect(definition).toEqual(
      distributedPublishDefinition({ stepsFunction: `<${logicalId(fn)}.Arn>`, maxConcurrency: DISTRIBUTED_MAP_CONCURRENCY }),
    );
    expect((definition.States as Json).CountPartitions).toMatchObject({
      Type: 'Map',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
    expect(machine!.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('runs the steps function (publish-steps.ts), side by side, and no longer as an asynchronous Lambda', () => {
    const fn = stack.publishFunctions.get('health-care-encounters')!;
    const props = template.findResources('AWS::Lambda::Function')[logicalId(fn)]!.Properties;
    expect(props.ReservedConcurrentExecutions).toBe(DISTRIBUTED_MAP_CONCURRENCY);
    expect(props.Description).toMatch(/distributed/);
    expect(Object.keys(template.findResources('AWS::Lambda::EventInvokeConfig'))).toHaveLength(1);
  });

  it('lets the state machine invoke that function and run its own child executions, nothing else', () => {
    const role = stack.distributedPublishes.get('health-care-encounters')!.role;
    const statements = roleStatements(template, logicalId(role));
    const granted = statements.flatMap((s: Statement) => actionsOf(s)).sort();
    expect(granted).toEqual(
      [
        'lambda:InvokeFunction',
        'logs:CreateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:UpdateLogDelivery',
        'states:DescribeExecution',
        'states:StartExecution',
        'states:StopExecution',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    const start = statements.find((s) => actionsOf(s).includes('states:StartExecution'))!;
    expect(JSON.stringify(start.Resource)).toContain(':stateMachine:TestStack-publish-health-care-encounters');
  });

  it('lets the steps function write partial counts under _runs/<dataset>/ of the landing bucket only', () => {
    const fn = stack.publishFunctions.get('health-care-encounters')!;
    const writes = roleStatements(template, logicalId(fn.executionRole)).filter((s) => actionsOf(s).includes('s3:PutObject'));
    const resources = writes.map((s) => JSON.stringify(s.Resource));
    expect(resources.some((r) => r.includes(`/${RUNS_PREFIX}health-care-encounters/*`))).toBe(true);
    expect(resources.some((r) => r.includes('/health-care-encounters/*') && !r.includes(RUNS_PREFIX) && !r.includes('datasets/'))).toBe(
      false,
    );
  });

  it('has its schedule start the state machine, with its own role', () => {
    const machineId = logicalId(stack.distributedPublishes.get('health-care-encounters')!.stateMachine);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 5 * ? *)',
      Target: { Arn: { Ref: machineId }, Input: JSON.stringify({ datasetId: 'health-care-encounters' }) },
    });
    const scheduleRole = stack.scheduleRoles.get('health-care-encounters')!;
    const statements = roleStatements(template, logicalId(scheduleRole));
    // Start this state machine; send what it could not deliver to the dead-letter queue.
    expect(statements.flatMap((s) => actionsOf(s)).sort()).toEqual(['sqs:SendMessage', 'states:StartExecution']);
    expect(statements.find((s) => actionsOf(s).includes('states:StartExecution'))!.Resource).toEqual({ Ref: machineId });
  });
});
