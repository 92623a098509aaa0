import type { FlavorHookResult } from 'zenml/plugin';
import { S3_PATH_PATTERN } from './s3-path-pattern.js';

/**
 * The `zenml:flavors` hook: the descriptor only. The AWS SDK (several MB of modules) is
 * imported by `load()` when an s3 artifact store is first used, never at CLI start-up.
 */
export default async function flavors(): Promise<FlavorHookResult> {
  return [
    {
      name: 's3',
      type: 'artifact_store',
      description: 'Stores artifacts in an S3 bucket (AWS or any S3-compatible server such as Ceph radosgw or MinIO), streaming large files in multipart uploads.',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: {
          path: { type: 'string', pattern: S3_PATH_PATTERN, description: 'Root of the store: s3://<bucket>/<optional prefix>.' },
          endpointUrl: { type: 'string', minLength: 1, description: 'URL of an S3-compatible server, e.g. http://127.0.0.1:9000 (default: AWS S3).' },
          region: { type: 'string', minLength: 1, description: 'Region of the bucket (default: AWS_REGION, else us-east-1).' },
          forcePathStyle: { type: 'boolean', description: 'Address buckets as <endpoint>/<bucket> instead of <bucket>.<endpoint>; most self-hosted servers need true.' },
          accessKeyId: { type: 'string', minLength: 1, description: 'Access key id, normally a {{secret.key}} reference (default: the AWS credential chain).' },
          secretAccessKey: { type: 'string', minLength: 1, description: 'Secret access key, normally a {{secret.key}} reference; never shown.' },
        },
      },
      load: async () => {
        const [{ S3ArtifactStore }, { createS3Client }] = await Promise.all([import('./s3-artifact-store.js'), import('./s3-client.js')]);
        return {
          create: (context) => {
            const config = context.config as unknown as import('./s3-client.js').S3StoreConfig;
            const redacted = [config.secretAccessKey, config.accessKeyId].filter((value): value is string => Boolean(value));
            return new S3ArtifactStore(context.id, config.path, createS3Client(config), undefined, redacted);
          },
        };
      },
    },
  ];
}
