/**
 * The materializer id of a version made by registerArtifact(): its uri is the user's own file
 * or folder, which zenml never wrote and never deletes (prune and version delete keep it).
 * Loading it gives that path back, as ZenML's PathMaterializer does.
 */
export const REGISTERED_PATH_MATERIALIZER = 'zenml.registered_path';
