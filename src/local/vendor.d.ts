// The embedded protocol servers ship no type declarations; these cover what the local stack uses.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  /** The filesystem store behind the server (what src/local/servers.ts wraps). */
  export interface S3rverStore {
    getSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
    putSubresource(bucket: string, key: string | undefined, resource: { type: string }): Promise<unknown>;
    deleteSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
    getBucket(bucket: string): Promise<unknown>;
    putBucket(bucket: string): Promise<unknown>;
    deleteBucket(bucket: string): Promise<unknown>;
    reset(): void;
    getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
    putObject(object: {
      bucket: string;
      key: string;
      content: Buffer | NodeJS.ReadableStream;
      metadata: Record<string, unknown>;
    }): Promise<{ size: number; md5: string }>;
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5: string): Promise<unknown>;
    copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, metadata?: unknown): Promise<unknown>;
    deleteObject(bucket: string, key: string): Promise<unknown>;
  }
  export default class S3rver {
    constructor(options: { address?: string; port?: number; directory: string; silent?: boolean; resetOnClose?: boolean });
    readonly store: S3rverStore;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}

declare module 'dynalite' {
  import type { Server } from 'node:http';
  export default function dynalite(options: {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }): Server;
}
