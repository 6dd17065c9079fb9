import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { distributedPublishDefinition } from '../../src/pipeline/distributed/state-machine.ts';
import { LOG_RETENTION, type NodeFunction } from './node-function.ts';

export interface DistributedPublishProps {
  readonly datasetId: string;
  /** The dataset's publish-steps function (functions/publish-steps.ts). */
  readonly stepsFunction: NodeFunction;
  readonly logKey: IKey;
  /** Landing partitions counted at once (each in its own invocation of the steps function). */
  readonly maxConcurrency: number;
}

/**
 * A distributed publish: the Step Functions state machine of src/pipeline/distributed/ (one
 * definition, which the local stack runs too), logged and traced, whose role may invoke the
 * dataset's steps function and run the Distributed Map's child executions of itself, nothing else.
 */
export class DistributedPublish extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly role: Role;
  /** The state machine's name, known before it exists: its role's grants name its own executions. */
  public readonly stateMachineName: string;

  public constructor(scope: Construct, id: string, props: DistributedPublishProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const stateMachineName = `${stack.stackName}-publish-${props.datasetId}`.slice(0, 80);
    this.stateMachineName = stateMachineName;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('states.amazonaws.com'),
      description: `Step Functions: the distributed publish of ${props.datasetId}`,
    });
    props.stepsFunction.grantInvoke(this.role);
    // A Distributed Map runs each batch of items as a child execution of the same state machine.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [
          stack.formatArn({
            service: 'states',
            resource: 'stateMachine',
            resourceName: stateMachineName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [
          stack.formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: `${stateMachineName}/*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );

    const logs = new LogGroup(this, 'Logs', { retention: LOG_RETENTION, encryptionKey: props.logKey, removalPolicy: RemovalPolicy.RETAIN });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(
        stack.toJsonString(
          distributedPublishDefinition({ stepsFunction: props.stepsFunction.functionArn, maxConcurrency: props.maxConcurrency }),
        ),
      ),
      role: this.role,
      // Execution data stays out of the logs: it names landing files, which sources name as they like.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
  }
}
