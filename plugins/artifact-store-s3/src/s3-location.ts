import { ZenError } from 'zenml/plugin';

/** A parsed `s3://bucket/prefix` root: the bucket and the key prefix every path lives under ('' or ending in '/'). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

// S3 bucket naming rules (3-63 characters of lower-case letters, digits, dots and hyphens).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseS3Path(path: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(path);
  if (!match || !BUCKET.test(match[1]!)) {
    throw new ZenError(`The s3 artifact store path '${path}' is not an s3://bucket/prefix URI.`, {
      hint: 'Set --path=s3://<bucket>/<optional prefix> (bucket names: 3-63 lower-case letters, digits, dots and hyphens).',
    });
  }
  const segments = match[2]!.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw new ZenError(`The s3 artifact store path '${path}' contains '.' or '..' segments.`, { hint: 'Give the prefix without relative segments.' });
  }
  return { bucket: match[1]!, prefix: segments.length ? `${segments.join('/')}/` : '' };
}

/**
 * The store-relative form of `path` ('a/b/c', no leading or trailing slash, '' for the
 * root). '.' segments drop out and '..' climbs; climbing above the root is refused, like
 * the local store refuses paths outside its folder.
 */
export function normalizeStorePath(path: string, root: string): string {
  const kept: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (!kept.length) throw new ZenError(`The path '${path}' is outside the artifact store at ${root}.`, { hint: 'Artifact paths must stay inside the store.' });
      kept.pop();
    } else kept.push(segment);
  }
  return kept.join('/');
}
