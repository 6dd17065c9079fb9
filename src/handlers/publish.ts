import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import * as z from 'zod';
import { findDataset } from '../../datasets/index.ts';
import { BadRequestError, IdentifierGateError, NotFoundError } from '../errors.ts';
import { publishDataset, type PublishDeps, type PublishReport } from '../pipeline/publish.ts';

const publishEvent = z.object({ datasetId: z.string().min(1) });

/**
 * The scheduled publish job: one EventBridge Scheduler schedule per dataset sends `{ datasetId }`.
 * Built from its dependencies so that the local stack runs the same handler (src/cli/start.ts).
 */
export function createPublishHandler(deps: PublishDeps, { logger, metrics }: { logger: Logger; metrics: Metrics }) {
  return middy(async (event: unknown): Promise<PublishReport> => {
    const parsed = publishEvent.safeParse(event);
    if (!parsed.success) throw new BadRequestError('the event must be {"datasetId": "<id>"}');
    const definition = findDataset(parsed.data.datasetId);
    if (!definition) throw new NotFoundError(`unknown dataset "${parsed.data.datasetId}"`);

    logger.appendKeys({ datasetId: definition.id });
    // Before the run, so that a failed run's metrics carry the dataset too (the alarms key on it).
    metrics.addDimension('dataset', definition.id);
    const report = await publishDataset(definition, deps);
    recordRun(report, { logger, metrics });
    return report;
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .onError(async (request) => recordFailure(request.error, { logger, metrics }));
}

/** A finished run's figures as metrics (the alarms read them) and its private run log. */
export function recordRun(report: PublishReport, { logger, metrics }: { logger: Logger; metrics: Metrics }): void {
  metrics.addMetric('RowsRead', MetricUnit.Count, report.rowsRead);
  metrics.addMetric('RowsRejected', MetricUnit.Count, report.rowsRejected);
  metrics.addMetric('RowsPublished', MetricUnit.Count, report.rowCount);
  metrics.addMetric('RowsWithheld', MetricUnit.Count, report.withheldRows);
  if (report.runLog) {
    metrics.addMetric('PrimarySuppressions', MetricUnit.Count, report.runLog.primarySuppressions);
    metrics.addMetric('SecondarySuppressions', MetricUnit.Count, report.runLog.secondarySuppressions);
  }
  metrics.addMetric(report.outcome === 'published' ? 'VersionsPublished' : 'RunsUnchanged', MetricUnit.Count, 1);
  logger.info('publish finished', {
    outcome: report.outcome,
    version: report.version,
    rowsRead: report.rowsRead,
    rowsRejected: report.rowsRejected,
    rowCount: report.rowCount,
    // Private: the CloudWatch log, never the public bucket.
    runLog: report.runLog,
    // Rows the identifier gate kept out, each with source file, line, column and masked value: for the steward.
    withheldRows: report.withheldRows,
    withheld: report.withheld.slice(0, 100),
  });
}

/** A failed run: nothing of it is visible. Logged; rethrowing lets Lambda (or the state machine) retry. */
export function recordFailure(error: unknown, { logger, metrics }: { logger: Logger; metrics: Metrics }): void {
  metrics.addMetric('RunsFailed', MetricUnit.Count, 1);
  if (error instanceof IdentifierGateError) {
    // Alarmed on: a definition or a source let something identifier-like through to the gate.
    metrics.addMetric('IdentifierGateBlocks', MetricUnit.Count, 1);
    metrics.addMetric('IdentifierGateHits', MetricUnit.Count, error.hits.length);
  }
  logger.error('publish failed', error as Error);
}
