import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazyS3Reader } from '../../src/adapters/s3-table-reader.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const read = async (response: Awaited<ReturnType<ReturnType<typeof lazyS3Reader>['get']>>): Promise<string> => {
  if (response.status !== 200 && response.status !== 206) throw new Error(`status ${response.status}`);
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** The API's lazily loaded reader of the public bucket, against the real S3 protocol server. */
describe('the row queries’ S3 reader (SDK loaded on first use)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await stack.stores.publicFiles.put('datasets/x/v/t.parquet', '0123456789abcdef');
  }, 60_000);
  afterAll(async () => stack?.close());

  it('answers head and byte ranges as the full object store does', async () => {
    const reader = lazyS3Reader(stack.config, stack.config.publicBucket);
    expect(await reader.head('datasets/x/v/t.parquet')).toMatchObject({ key: 'datasets/x/v/t.parquet', size: 16 });
    expect(await reader.head('datasets/x/v/missing.parquet')).toBeUndefined();
    const range = await reader.get('datasets/x/v/t.parquet', { range: 'bytes=10-15' });
    expect([range.status, await read(range)]).toEqual([206, 'abcdef']);
    const whole = await reader.get('datasets/x/v/t.parquet');
    expect([whole.status, await read(whole)]).toEqual([200, '0123456789abcdef']);
  });
});
