import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import dynalite from 'dynalite';

export interface ProtocolServers {
  s3Endpoint: string;
  dynamodbEndpoint: string;
  close(): Promise<void>;
}

/**
 * The embedded S3-protocol (s3rver) and DynamoDB-protocol (dynalite) servers, on 127.0.0.1 only,
 * persisting under dataDir. Port 0 picks free ports.
 */
export async function startProtocolServers(dataDir: string, ports: { s3?: number; dynamodb?: number } = {}): Promise<ProtocolServers> {
  const s3Dir = join(dataDir, 's3');
  const dynamoDir = join(dataDir, 'dynamodb');
  await mkdir(s3Dir, { recursive: true });
  await mkdir(dynamoDir, { recursive: true });

  const s3 = new S3rver({ address: '127.0.0.1', port: ports.s3 ?? 0, directory: s3Dir, silent: true });
  const s3Address = await s3.run();

  const dynamo = dynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      dynamo.once('error', reject);
      dynamo.listen(ports.dynamodb ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await s3.close();
    throw error;
  }
  const dynamoAddress = dynamo.address() as AddressInfo;

  return {
    s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
    dynamodbEndpoint: `http://127.0.0.1:${dynamoAddress.port}`,
    close: async () => {
      await s3.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}
