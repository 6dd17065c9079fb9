import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * The customer-managed key of every CloudWatch Logs group in the stack. Error messages of a failed
 * publish can quote a value from a source export (DuckDB cast errors do), so the logs are treated
 * like the landing bucket. Only the CloudWatch Logs service of this account and region may use it,
 * and only for log groups of this account and region.
 */
export class LogKey extends Key {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      description: 'CloudWatch Logs of the Vietnam health open data pipeline',
      enableKeyRotation: true,
      // The log groups are retained; so must be the key that decrypts them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stack = Stack.of(this);
    this.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        // In a key policy `*` means "this key".
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }
}
