import type { ListFilter } from './entities.js';

/**
 * A pipeline snapshot kept under a name to run later (ZenML's pipeline snapshot, formerly run
 * template): the compiled pipeline plus an archive of its source code in an artifact store,
 * so it runs without the original file, on any stack.
 */
export interface RunTemplateModel {
  id: string;
  name: string;
  description?: string;
  pipelineName: string;
  /** The compiled pipeline (a SnapshotSpec) as it was when the snapshot was created. */
  spec: Record<string, unknown>;
  /** Path of the pipeline file inside the code archive, and the export that holds the pipeline. */
  sourceFile: string;
  sourceExport?: string;
  /** Run options it runs with (parameters, steps, settings, ... as in a run config). */
  runConfig: Record<string, unknown>;
  /** Where the code archive lives, in which artifact store, and its sha256. */
  codeUri: string;
  codeHash: string;
  artifactStoreId: string;
  owner?: string;
  created: string;
}

export type NewRunTemplate = Omit<RunTemplateModel, 'id' | 'created' | 'owner'>;

export interface RunTemplateFilter extends ListFilter {
  /** Pipeline name. */
  pipeline?: string;
}
