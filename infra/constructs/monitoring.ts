import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from './node-function.ts';

/** `functions/publish.ts` emits its metrics with this Powertools service name (a dimension). */
const PUBLISH_SERVICE = 'publish';
const PERIOD = Duration.minutes(5);

export interface MonitoringProps {
  /** Dataset id → its scheduled publish function. */
  readonly publishFunctions: ReadonlyMap<string, IFunction>;
  /** The state machines of datasets published on the distributed path, by dataset id. */
  readonly publishStateMachines?: ReadonlyMap<string, IStateMachine>;
  readonly deadLetterQueue: IQueue;
  readonly httpApi: HttpApi;
}

/**
 * A Metrics Insights query over every dimension set of one metric of the namespace: it finds the
 * metric whether or not the handler attached the `dataset` dimension to it.
 */
const anyDimensions = (metricName: string, label: string): MathExpression =>
  new MathExpression({
    expression: `SELECT SUM(${metricName}) FROM "${METRICS_NAMESPACE}"`,
    usingMetrics: {},
    label,
    period: PERIOD,
  });

/**
 * Alarms on the publish job, all sent to one SNS topic (subscribe to it after deploying;
 * docs/deploy.md):
 * - per dataset, any failed run: the function's errors (which also count timeouts and
 *   out-of-memory kills, where the handler cannot emit anything) plus `RunsFailed` with the
 *   dataset dimension;
 * - any `RunsFailed` and any `IdentifierGateBlocks`, whatever their dimensions (a gate block is
 *   a definition or a source letting something identifier-like through: always worth a look);
 * - any message in the dead-letter queue (runs that failed after their retry, or that the
 *   scheduler could not deliver).
 * Plus a small dashboard.
 */
export class Monitoring extends Construct {
  public readonly alarmTopic: Topic;
  public readonly runFailedAlarms: ReadonlyMap<string, Alarm>;
  public readonly anyRunFailedAlarm: Alarm;
  public readonly gateBlockAlarm: Alarm;
  public readonly deadLetterAlarm: Alarm;
  public readonly dashboard: Dashboard;

  public constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Vietnam health open data alarms', enforceSSL: true });
    // The TLS-only topic policy replaces SNS's default one (which let the account's services
    // publish), so CloudWatch alarms of this account and region need their own statement.
    const stack = Stack.of(this);
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    const notify = new SnsAction(this.alarmTopic);
    const atLeastOnce = (alarmId: string, metric: Metric | MathExpression, description: string): Alarm => {
      const alarm = metric.createAlarm(this, alarmId, {
        alarmDescription: description,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      return alarm;
    };

    const runFailedAlarms = new Map<string, Alarm>();
    for (const [datasetId, fn] of props.publishFunctions) {
      const stateMachine = props.publishStateMachines?.get(datasetId);
      const failed = new MathExpression({
        expression: stateMachine
          ? 'FILL(errors, 0) + FILL(runsFailed, 0) + FILL(executionsFailed, 0)'
          : 'FILL(errors, 0) + FILL(runsFailed, 0)',
        usingMetrics: {
          // A distributed run can also fail in the state machine itself (a timeout, a payload too large).
          ...(stateMachine ? { executionsFailed: stateMachine.metricFailed({ period: PERIOD, statistic: Stats.SUM }) } : {}),
          errors: fn.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
          runsFailed: new Metric({
            namespace: METRICS_NAMESPACE,
            metricName: 'RunsFailed',
            dimensionsMap: { service: PUBLISH_SERVICE, dataset: datasetId },
            statistic: Stats.SUM,
            period: PERIOD,
          }),
        },
        label: `${datasetId}: failed runs`,
        period: PERIOD,
      });
      runFailedAlarms.set(
        datasetId,
        atLeastOnce(`RunFailed-${datasetId}`, failed, `A publish run of ${datasetId} failed (see the function's logs).`),
      );
    }
    this.runFailedAlarms = runFailedAlarms;

    this.anyRunFailedAlarm = atLeastOnce(
      'AnyRunFailed',
      anyDimensions('RunsFailed', 'failed runs'),
      'A publish run failed (RunsFailed of any dataset; the logs name it).',
    );
    this.gateBlockAlarm = atLeastOnce(
      'IdentifierGateBlocked',
      anyDimensions('IdentifierGateBlocks', 'identifier-gate blocks'),
      'The identifier gate blocked a publish: a value that looks like a personal identifier reached the output. Nothing was published; read the masked report in the logs.',
    );
    this.deadLetterAlarm = atLeastOnce(
      'DeadLetters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: Stats.MAXIMUM }),
      'A publish run was dead-lettered (failed after its retry, or could not be delivered).',
    );

    const byDataset = (metricName: string): MathExpression =>
      new MathExpression({
        expression: `SELECT SUM(${metricName}) FROM SCHEMA("${METRICS_NAMESPACE}", dataset, service) GROUP BY dataset`,
        usingMetrics: {},
        label: metricName,
        period: Duration.days(1),
      });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(14),
      widgets: [
        [
          new AlarmStatusWidget({
            title: 'Alarms',
            alarms: [this.anyRunFailedAlarm, this.gateBlockAlarm, this.deadLetterAlarm, ...runFailedAlarms.values()],
            width: 24,
          }),
        ],
        [
          new GraphWidget({ title: 'Rows published per day', left: [byDataset('RowsPublished')], width: 12 }),
          new GraphWidget({ title: 'Rows rejected per day', left: [byDataset('RowsRejected')], width: 12 }),
        ],
        [
          new GraphWidget({
            title: 'Suppressed cells per day',
            left: [byDataset('PrimarySuppressions'), byDataset('SecondarySuppressions')],
            width: 12,
          }),
          new GraphWidget({
            title: 'Failed runs and identifier-gate blocks',
            left: [anyDimensions('RunsFailed', 'failed runs'), anyDimensions('IdentifierGateBlocks', 'gate blocks')],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'API requests and errors',
            left: [
              props.httpApi.metricCount({ period: PERIOD }),
              props.httpApi.metricClientError({ period: PERIOD }),
              props.httpApi.metricServerError({ period: PERIOD }),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'API latency (p95)',
            left: [props.httpApi.metricLatency({ period: PERIOD, statistic: Stats.percentile(95) })],
            width: 12,
          }),
        ],
      ],
    });
  }
}
