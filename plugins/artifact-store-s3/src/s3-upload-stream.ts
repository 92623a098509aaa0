import { PassThrough, Writable, type Readable } from 'node:stream';

/** The part of lib-storage's `Upload` this stream drives. */
export interface StartedUpload {
  done(): Promise<unknown>;
}

/**
 * A Writable whose bytes flow into a multipart upload as they are written: at most a few
 * parts are buffered (lib-storage's partSize × queueSize), whatever the object's size.
 * 'finish' fires only once the object exists in the bucket, so a caller that awaits the
 * stream can register the file right after. Destroying the stream (or a failing source
 * in a pipeline) aborts the multipart upload before the error is reported, so a failed
 * write leaves no object and no parts behind.
 */
export class S3UploadStream extends Writable {
  private readonly body = new PassThrough({ highWaterMark: 1024 * 1024 });
  private readonly uploaded: Promise<unknown>;
  private settled = false;
  /** Resolves once the upload has completed or been aborted, whichever way it ended. */
  readonly ended: Promise<void>;

  constructor(start: (body: Readable) => StartedUpload, describeError: (error: unknown) => Error) {
    super({ highWaterMark: 1024 * 1024 });
    this.uploaded = start(this.body)
      .done()
      .catch((error: unknown) => {
        throw describeError(error);
      })
      .finally(() => (this.settled = true));
    this.ended = this.uploaded.then(
      () => undefined,
      () => undefined,
    );
    // The server can refuse the upload while we are still writing (bad credentials, no bucket).
    this.uploaded.catch((error: Error) => this.destroy(error));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.body.write(chunk)) callback();
    else this.body.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.body.end();
    this.uploaded.then(
      () => callback(),
      (error: Error) => callback(error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.settled) {
      callback(error);
      return;
    }
    // A source error ends the upload's read loop; lib-storage then aborts the multipart upload.
    this.body.destroy(error ?? new Error('The upload stream was closed before it ended.'));
    this.uploaded.then(
      () => callback(error),
      () => callback(error),
    );
  }
}
