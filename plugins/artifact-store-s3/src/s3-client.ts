import { S3Client } from '@aws-sdk/client-s3';
import { ZenError } from 'zenml/plugin';

/** The `s3` flavor's config, as the component context hands it over (secret references already resolved). */
export interface S3StoreConfig {
  path: string;
  endpointUrl?: string;
  region?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * An S3 client for the store's config. Without keys the SDK's default chain applies (AWS_*
 * variables, ~/.aws profiles, instance roles), as ZenML's S3 store falls back to boto3's.
 */
export function createS3Client(config: S3StoreConfig): S3Client {
  if (Boolean(config.accessKeyId) !== Boolean(config.secretAccessKey)) {
    throw new ZenError('The s3 artifact store has only one of accessKeyId and secretAccessKey.', {
      hint: 'Set both (normally as {{secret.key}} references), or neither to use the AWS default credentials.',
    });
  }
  // The SDK warns once per process that its future releases need Node 22; this release is
  // pinned and supports Node 20, so the warning would only clutter every run's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    region: config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint: config.endpointUrl,
    forcePathStyle: config.forcePathStyle ?? false,
    credentials: config.accessKeyId ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey! } : undefined,
    // Checksums only where S3 requires them: S3-compatible servers (radosgw, MinIO
    // releases before 2025) reject the newer flexible-checksum headers and trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
