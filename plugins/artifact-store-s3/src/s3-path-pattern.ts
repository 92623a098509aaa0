/**
 * The JSON Schema pattern of the `path` config key (`s3://bucket/prefix`), so `register`
 * refuses a bad one before it is stored. In a module of its own: the flavor descriptor
 * needs it at start-up, without importing zenml/plugin or the SDK.
 */
export const S3_PATH_PATTERN = '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$';
