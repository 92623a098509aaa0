/** Row shapes of the SQL tables, as kysely sees them. JSON columns hold text. */

export interface PipelinesTable {
  id: string;
  name: string;
  description: string | null;
  created: string;
  updated: string;
  /** The project the row belongs to (migration 0006). */
  project_id: string;
  /** Who created it (migration 0006). */
  user_id: string | null;
}

export interface SnapshotsTable {
  id: string;
  pipeline_id: string;
  spec: string;
  source_file: string | null;
  source_export: string | null;
  created: string;
}

export interface PipelineRunsTable {
  id: string;
  name: string;
  pipeline_id: string;
  snapshot_id: string;
  stack_id: string | null;
  status: string;
  status_reason: string | null;
  config: string;
  created: string;
  started: string | null;
  ended: string | null;
  pid: number | null;
  host: string | null;
  heartbeat: string | null;
  original_run_id: string | null;
  /** 'graceful' or 'immediate' once a stop was requested (migration 0004). */
  stop_requested: string | null;
  /** The project the row belongs to (migration 0006). */
  project_id: string;
  /** Who created it (migration 0006). */
  user_id: string | null;
  /** The schedule whose firing created the run (migration 0008). */
  schedule_id: string | null;
}

export interface StepRunsTable {
  id: string;
  run_id: string;
  invocation_id: string;
  step_name: string;
  status: string;
  cache_key: string | null;
  cached: number;
  parameters: string;
  config: string;
  original_step_run_id: string | null;
  error: string | null;
  attempts: number;
  created: string;
  started: string | null;
  ended: string | null;
  /** Folder of the step's captured output in the artifact store (migration 0007). */
  logs_uri: string | null;
}

export interface ArtifactsTable {
  id: string;
  name: string;
  created: string;
  updated: string;
  /** The project the row belongs to (migration 0006). */
  project_id: string;
  /** Who created it (migration 0006). */
  user_id: string | null;
}

export interface ArtifactVersionsTable {
  id: string;
  artifact_id: string;
  /** Creation order within the artifact, for both numbered and named versions. */
  position: number;
  /** The counted version (1, 2, 3...); null for a named one. */
  number: number | null;
  /** A custom version name; null for a numbered one. */
  version_name: string | null;
  uri: string;
  artifact_store_id: string;
  materializer: string;
  data_type: string;
  type: string;
  content_hash: string | null;
  /** JSON: file name → SHA-256 hex of what was written (0011); null before. */
  file_hashes: string | null;
  size: number | null;
  producer_step_run_id: string | null;
  producer_run_id: string | null;
  visualizations: string;
  created: string;
  /** The project the row belongs to (migration 0006). */
  project_id: string;
  /** Who created it (migration 0006). */
  user_id: string | null;
}

export interface StepRunArtifactsTable {
  step_run_id: string;
  artifact_version_id: string;
  name: string;
  /** 'input' or 'output'. */
  direction: string;
}

export interface RunMetadataTable {
  id: string;
  resource_type: string;
  resource_id: string;
  key: string;
  value: string;
  type: string;
  created: string;
}

export interface TagsTable {
  id: string;
  name: string;
  color: string | null;
  created: string;
}

export interface TagResourcesTable {
  tag_id: string;
  resource_type: string;
  resource_id: string;
}

export interface StackComponentsTable {
  id: string;
  name: string;
  type: string;
  flavor: string;
  config: string;
  owner: string | null;
  created: string;
  updated: string;
}

export interface StacksTable {
  id: string;
  name: string;
  owner: string | null;
  created: string;
  updated: string;
  /** The project the row belongs to (migration 0006). */
  project_id: string;
}

export interface StackCompositionTable {
  stack_id: string;
  component_id: string;
  type: string;
}

export interface SecretsTable {
  id: string;
  name: string;
  /** JSON list of key names (never values). */
  keys: string;
  owner: string | null;
  private: number;
  /** Backend that holds the values: `sql` or `keychain`. */
  backend: string;
  /** AES-256-GCM ciphertext of the values, when the sql backend holds them (or a backup of them). */
  encrypted_values: string | null;
  created: string;
  updated: string;
  /** The project the row belongs to (migration 0006). */
  project_id: string;
}

export interface SecretsSettingsTable {
  key: string;
  value: string;
}

export interface ModelsTable {
  id: string;
  name: string;
  description: string | null;
  license: string | null;
  audience: string | null;
  use_cases: string | null;
  limitations: string | null;
  trade_offs: string | null;
  ethics: string | null;
  created: string;
  updated: string;
  /** The project the row belongs to (migration 0006). */
  project_id: string;
  /** Who created it (migration 0006). */
  user_id: string | null;
}

export interface ModelVersionsTable {
  id: string;
  model_id: string;
  number: number;
  name: string;
  description: string | null;
  stage: string;
  stage_changed_by: string | null;
  stage_changed_at: string | null;
  producer_run_id: string | null;
  created: string;
  updated: string;
  /** The project the row belongs to (migration 0006). */
  project_id: string;
  /** Who created it (migration 0006). */
  user_id: string | null;
}

export interface ModelStageTransitionsTable {
  id: string;
  model_version_id: string;
  from_stage: string;
  to_stage: string;
  actor: string;
  created: string;
}

export interface ModelVersionArtifactsTable {
  model_version_id: string;
  artifact_version_id: string;
  /** 'data', 'model' or 'deployment'. */
  type: string;
  created: string;
}

export interface ModelVersionRunsTable {
  model_version_id: string;
  run_id: string;
  created: string;
}

export interface RunCountsTable {
  pipeline_id: string;
  status: string;
  n: number;
}

export interface ArtifactVersionCountsTable {
  artifact_id: string;
  n: number;
}

export interface ProjectsTable {
  id: string;
  name: string;
  display_name: string | null;
  description: string | null;
  created: string;
  updated: string;
}

export interface UsersTable {
  id: string;
  name: string;
  full_name: string | null;
  email: string | null;
  description: string | null;
  /** scrypt$N$r$p$salt$hash; null for service accounts. */
  password_hash: string | null;
  is_admin: number;
  is_service_account: number;
  active: number;
  created: string;
  updated: string;
}

export interface ApiKeysTable {
  id: string;
  service_account_id: string;
  name: string;
  description: string | null;
  key_hash: string;
  previous_key_hash: string | null;
  retain_until: string | null;
  active: number;
  last_login: string | null;
  last_rotated: string | null;
  created: string;
  updated: string;
}

export interface SchedulesTable {
  id: string;
  name: string;
  pipeline_id: string;
  source_file: string;
  source_export: string | null;
  run_config: string;
  cron_expression: string;
  timezone: string | null;
  start_time: string | null;
  end_time: string | null;
  catchup: number;
  active: number;
  last_fired: string | null;
  next_fire_time: string | null;
  created: string;
  updated: string;
  project_id: string;
  user_id: string | null;
}

/** Sessions ended before their expiry (0009); `expires_at` is ISO-8601. */
export interface RevokedTokensTable {
  token_id: string;
  expires_at: string;
  created: string;
}

/** Pipeline snapshots kept by name (0012). */
export interface RunTemplatesTable {
  id: string;
  name: string;
  description: string | null;
  pipeline_name: string;
  spec: string;
  source_file: string;
  source_export: string | null;
  run_config: string;
  code_uri: string;
  code_hash: string;
  artifact_store_id: string;
  project_id: string;
  user_id: string | null;
  created: string;
}

export interface Database {
  projects: ProjectsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  pipelines: PipelinesTable;
  snapshots: SnapshotsTable;
  pipeline_runs: PipelineRunsTable;
  step_runs: StepRunsTable;
  artifacts: ArtifactsTable;
  artifact_versions: ArtifactVersionsTable;
  step_run_artifacts: StepRunArtifactsTable;
  run_metadata: RunMetadataTable;
  tags: TagsTable;
  tag_resources: TagResourcesTable;
  stack_components: StackComponentsTable;
  stacks: StacksTable;
  stack_composition: StackCompositionTable;
  run_counts: RunCountsTable;
  artifact_version_counts: ArtifactVersionCountsTable;
  secrets: SecretsTable;
  secrets_settings: SecretsSettingsTable;
  models: ModelsTable;
  model_versions: ModelVersionsTable;
  model_stage_transitions: ModelStageTransitionsTable;
  model_version_artifacts: ModelVersionArtifactsTable;
  model_version_runs: ModelVersionRunsTable;
  schedules: SchedulesTable;
  revoked_tokens: RevokedTokensTable;
  run_templates: RunTemplatesTable;
}
