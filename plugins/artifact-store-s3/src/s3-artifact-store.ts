import type { Readable, Writable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ZenError, type ArtifactStore } from 'zenml/plugin';
import { mapLimit } from './map-limit.js';
import { normalizeStorePath, parseS3Path, type S3Location } from './s3-location.js';
import { S3UploadStream } from './s3-upload-stream.js';

const MiB = 1024 * 1024;

export interface S3TransferOptions {
  /** Bytes per multipart part (S3's minimum is 5 MiB); writes smaller than this are one PUT. */
  partSize: number;
  /** Parts uploaded at once; memory held by a streaming write is about partSize × queueSize. */
  queueSize: number;
  /** Largest object copied with one CopyObject (S3 refuses more than 5 GiB); larger ones are copied part by part. */
  maxSingleCopyBytes: number;
  /** Bytes per part when an object is copied part by part. */
  copyPartSize: number;
}

export const DEFAULT_TRANSFER: S3TransferOptions = { partSize: 16 * MiB, queueSize: 4, maxSingleCopyBytes: 5 * 1024 * MiB, copyPartSize: 512 * MiB };

/** Requests in flight at once when a folder is copied or listed objects are deleted. */
const PARALLEL_REQUESTS = 8;

interface ListedObject {
  key: string;
  size: number;
}

/**
 * An artifact store under `s3://bucket/prefix` on any S3-compatible server. Paths are
 * store-relative like the local store's; a "folder" is a key prefix, and `mkdir` leaves a
 * zero-byte `folder/` marker so an empty folder exists and is listed. Large files are
 * written and read as streams (multipart uploads), never held twice in memory.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly root: string;
  private readonly location: S3Location;
  /** Streaming uploads of this process still running, by key: `remove` waits for them to end. */
  private readonly uploading = new Map<S3UploadStream, string>();

  constructor(
    readonly id: string,
    path: string,
    private readonly client: S3Client,
    private readonly transfer: S3TransferOptions = DEFAULT_TRANSFER,
    /** Values that must never appear in an error message (the credentials). */
    private readonly redacted: string[] = [],
  ) {
    this.location = parseS3Path(path);
    this.root = `s3://${this.location.bucket}${this.location.prefix ? `/${this.location.prefix.slice(0, -1)}` : ''}`;
  }

  uri(path: string): string {
    return `s3://${this.location.bucket}/${this.objectKey(path)}`.replace(/\/$/, '');
  }

  pathOf(uri: string): string | undefined {
    if (uri === this.root) return '';
    if (!uri.startsWith(`${this.root}/`)) return undefined;
    const rest = uri.slice(this.root.length + 1);
    try {
      return normalizeStorePath(rest, this.root);
    } catch {
      return undefined;
    }
  }

  async exists(path: string): Promise<boolean> {
    const relative = this.relative(path);
    if (relative === '') return true;
    // A file or a folder: both questions at once, one round trip of latency.
    const [file, folder] = await Promise.all([this.head(this.objectKey(path)), this.hasObjectsUnder(this.folderPrefix(path))]);
    return Boolean(file) || folder;
  }

  async readFile(path: string): Promise<Buffer> {
    const key = this.objectKey(path);
    const response = await this.call('read', key, () => this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: key })));
    const body = response.Body as Readable;
    const length = response.ContentLength;
    if (length === undefined) return Buffer.from(await response.Body!.transformToByteArray());
    // One allocation of the announced size, filled as the body streams in: a 1 GiB file
    // is never in memory twice, and the buffer owns its memory (typed arrays view it as is).
    const data = Buffer.allocUnsafeSlow(length);
    let offset = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (offset + chunk.byteLength > length) throw this.truncated(key, length);
        data.set(chunk, offset);
        offset += chunk.byteLength;
      }
    } catch (error) {
      body.destroy();
      throw this.describe('read', key, error);
    }
    if (offset !== length) throw this.truncated(key, length);
    return data;
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const key = this.objectKey(path);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (bytes.byteLength < this.transfer.partSize) {
      await this.call('write', key, () => this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: key, Body: bytes })));
      return;
    }
    // Parts are views (subarray) of `bytes`, so the array is not copied; lib-storage
    // aborts the multipart upload if a part fails.
    await this.call('write', key, () => this.upload(key, bytes).done());
  }

  async createReadStream(path: string): Promise<Readable> {
    const key = this.objectKey(path);
    const response = await this.call('read', key, () => this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: key })));
    return response.Body as Readable;
  }

  async createWriteStream(path: string): Promise<Writable> {
    const key = this.objectKey(path);
    const stream = new S3UploadStream(
      (body) => this.upload(key, body),
      (error) => this.describe('write', key, error),
    );
    this.uploading.set(stream, key);
    void stream.ended.then(() => this.uploading.delete(stream));
    return stream;
  }

  async size(path: string): Promise<number> {
    const key = this.objectKey(path);
    const [head, objects] = await Promise.all([this.relative(path) === '' ? undefined : this.head(key), this.listObjects(this.folderPrefix(path))]);
    if (head) return head.size;
    if (!objects.length) throw this.notFound(key);
    return objects.reduce((total, object) => total + object.size, 0);
  }

  async list(dir: string): Promise<string[]> {
    const prefix = this.folderPrefix(dir);
    const names = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.call('list', prefix, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token })),
      );
      for (const object of page.Contents ?? []) if (object.Key && object.Key !== prefix) names.add(object.Key.slice(prefix.length));
      for (const folder of page.CommonPrefixes ?? []) if (folder.Prefix) names.add(folder.Prefix.slice(prefix.length, -1));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return [...names];
  }

  async mkdir(dir: string): Promise<void> {
    if (this.relative(dir) === '') return;
    const marker = this.folderPrefix(dir);
    await this.call('write', marker, () => this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: marker, Body: new Uint8Array(0) })));
  }

  /**
   * Deletes a file or a folder's objects. A failed write is cleaned up with this, so it
   * first waits for this process's uploads below the path to end (pipeline() reports a
   * source's error before the upload it feeds has been aborted), then aborts multipart
   * uploads left open there by a process that died mid-write.
   */
  async remove(path: string): Promise<void> {
    const key = this.objectKey(path);
    const folder = this.folderPrefix(path);
    const inside = (candidate: string) => candidate === key || candidate.startsWith(folder);
    await Promise.all([...this.uploading].filter(([, uploadKey]) => inside(uploadKey)).map(([stream]) => stream.ended));
    await this.abortOpenUploads(key, inside);
    if (this.relative(path) !== '') {
      await this.call('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: key })));
    }
    await this.deleteObjects((await this.listObjects(this.folderPrefix(path))).map((object) => object.key));
  }

  /**
   * S3 has no rename: every object of the finished folder is copied server-side (no bytes
   * travel through this process; radosgw and S3 copy without rewriting large objects), then
   * the temporary objects are deleted. The artifact version is registered only after this
   * returns, so nothing refers to the target while it is being filled; a failed copy
   * removes what it had copied.
   */
  async commit(from: string, to: string): Promise<void> {
    const target = this.folderPrefix(to);
    if (await this.exists(to)) throw new ZenError(`Cannot commit artifact: ${this.uri(to)} already exists.`);
    const source = this.folderPrefix(from);
    const objects = await this.listObjects(source);
    if (!objects.length) throw this.notFound(this.objectKey(from));
    try {
      await mapLimit(objects, PARALLEL_REQUESTS, (object) => this.copy(object, target + object.key.slice(source.length)));
    } catch (error) {
      await this.remove(to).catch(() => undefined);
      throw error;
    }
    await this.deleteObjects(objects.map((object) => object.key));
  }

  /** The bucket key of a store path (no trailing slash). */
  private objectKey(path: string): string {
    return this.location.prefix + this.relative(path);
  }

  /** The key prefix of everything inside a store folder ('' or ending in '/'). */
  private folderPrefix(path: string): string {
    const relative = this.relative(path);
    return relative ? `${this.location.prefix}${relative}/` : this.location.prefix;
  }

  private relative(path: string): string {
    // A full URI of this store is accepted too, as the local store accepts absolute paths inside its root.
    const fromUri = path.startsWith('s3://') ? this.pathOf(path) : path;
    if (fromUri === undefined) throw new ZenError(`The path '${path}' is outside the artifact store at ${this.root}.`, { hint: 'Artifact paths must stay inside the store.' });
    return normalizeStorePath(fromUri, this.root);
  }

  private upload(key: string, body: Uint8Array | Readable): Upload {
    return new Upload({
      client: this.client,
      params: { Bucket: this.location.bucket, Key: key, Body: body },
      partSize: this.transfer.partSize,
      queueSize: this.transfer.queueSize,
      leavePartsOnError: false,
    });
  }

  private async abortOpenUploads(prefix: string, inside: (key: string) => boolean): Promise<void> {
    const Bucket = this.location.bucket;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.call('list', prefix, () =>
        this.client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker })),
      );
      const open = (page.Uploads ?? []).filter((upload) => upload.Key && upload.UploadId && inside(upload.Key));
      await mapLimit(open, PARALLEL_REQUESTS, (upload) =>
        this.call('delete', upload.Key!, () => this.client.send(new AbortMultipartUploadCommand({ Bucket, Key: upload.Key!, UploadId: upload.UploadId! }))).catch((error) => {
          if ((error as { code?: string }).code !== 'ENOENT') throw error;
        }),
      );
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }

  private async head(key: string): Promise<{ size: number } | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.describe('read', key, error);
    }
  }

  private async hasObjectsUnder(prefix: string): Promise<boolean> {
    const page = await this.call('list', prefix, () => this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, MaxKeys: 1 })));
    return (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
  }

  /** Every object below a prefix, at any depth. */
  private async listObjects(prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('list', prefix, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const object of page.Contents ?? []) if (object.Key) objects.push({ key: object.Key, size: object.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  private async deleteObjects(keys: string[]): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += 1000) batches.push(keys.slice(i, i + 1000));
    await mapLimit(batches, PARALLEL_REQUESTS, async (batch) => {
      const result = await this.call('delete', batch[0]!, () =>
        this.client.send(new DeleteObjectsCommand({ Bucket: this.location.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })),
      );
      const failed = result.Errors?.[0];
      if (failed) throw this.describe('delete', failed.Key ?? batch[0]!, new Error(`${failed.Code ?? 'Error'}: ${failed.Message ?? 'not deleted'}`));
    });
  }

  private async copy(object: ListedObject, targetKey: string): Promise<void> {
    const copySource = `${this.location.bucket}/${encodeURIComponent(object.key).replace(/%2F/g, '/')}`;
    if (object.size <= this.transfer.maxSingleCopyBytes) {
      await this.call('copy', object.key, () => this.client.send(new CopyObjectCommand({ Bucket: this.location.bucket, Key: targetKey, CopySource: copySource })));
      return;
    }
    await this.call('copy', object.key, () => this.copyInParts(copySource, object.size, targetKey));
  }

  /** A server-side copy of an object too large for CopyObject, as a multipart upload of ranges; aborted if a part fails. */
  private async copyInParts(copySource: string, size: number, targetKey: string): Promise<void> {
    const Bucket = this.location.bucket;
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket, Key: targetKey }));
    try {
      const ranges: Array<{ PartNumber: number; first: number; last: number }> = [];
      for (let first = 0; first < size; first += this.transfer.copyPartSize) {
        ranges.push({ PartNumber: ranges.length + 1, first, last: Math.min(first + this.transfer.copyPartSize, size) - 1 });
      }
      const parts = await mapLimit(ranges, this.transfer.queueSize, async ({ PartNumber, first, last }) => {
        const result = await this.client.send(
          new UploadPartCopyCommand({ Bucket, Key: targetKey, UploadId, PartNumber, CopySource: copySource, CopySourceRange: `bytes=${first}-${last}` }),
        );
        return { PartNumber, ETag: result.CopyPartResult?.ETag };
      });
      // radosgw 16 answers with an empty ETag here: the call's success is what counts.
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket, Key: targetKey, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key: targetKey, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  private async call<T>(operation: string, key: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.describe(operation, key, error);
    }
  }

  /** One line saying which object and what the server answered; the credentials never appear. */
  private describe(operation: string, key: string, error: unknown): Error {
    if (error instanceof ZenError) return error;
    if (isNotFound(error)) return this.notFound(key);
    const name = (error as { name?: string }).name;
    let message = error instanceof Error ? error.message : String(error);
    for (const secret of this.redacted) if (secret) message = message.split(secret).join('***');
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const hint =
      name === 'NoSuchBucket'
        ? `Create the bucket '${this.location.bucket}' or fix --path.`
        : status === 403 || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch'
          ? 'Check the accessKeyId and secretAccessKey of the artifact store (and the secret they reference).'
          : 'Check endpointUrl, region and forcePathStyle of the artifact store, and that the server is reachable.';
    return new ZenError(`S3 ${operation} of s3://${this.location.bucket}/${key} failed: ${name && name !== 'Error' ? `${name}: ` : ''}${message}`, { hint });
  }

  private notFound(key: string): Error {
    const error = new ZenError(`No such file in the artifact store: s3://${this.location.bucket}/${key}`);
    // The local store's callers tell a missing file by its errno code.
    return Object.assign(error, { code: 'ENOENT' });
  }

  private truncated(key: string, expected: number): Error {
    return new ZenError(`S3 read of s3://${this.location.bucket}/${key} returned a different size than the announced ${expected} bytes.`, {
      hint: 'The object changed while it was read, or the connection broke: try again.',
    });
  }
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchUpload' || (status === 404 && name !== 'NoSuchBucket');
}
