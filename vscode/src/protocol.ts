// What the extension asks the ZenML worker process, and the plain JSON it gets back.
// The worker runs the project's own `zenml` Client in the user's Node (see worker/main.ts).

export type RunStatus = 'initializing' | 'running' | 'completed' | 'cached' | 'failed' | 'retrying' | 'stopped' | 'skipped';

export interface ComponentView {
  id: string;
  type: string;
  name: string;
  flavor: string;
}

export interface StackView {
  id: string;
  name: string;
  active: boolean;
  components: ComponentView[];
}

export interface StacksView {
  stacks: StackView[];
  activeStack: string;
  /** Which setting chose the active stack: environment, repository, global config or default. */
  source: string;
}

export interface RunView {
  id: string;
  name: string;
  status: RunStatus;
  created: string;
  // What the tree shows and no more: every run of every pipeline crosses the worker's IPC as JSON.
  ended?: string;
}

export interface PipelineView {
  id: string;
  name: string;
  /** Newest first. */
  runs: RunView[];
  totalRuns: number;
}

export interface ServerView {
  url: string;
  local: boolean;
  version?: string;
  username?: string;
  serviceAccount?: boolean;
  configDir: string;
}

export interface ModelVersionView {
  name: string;
  number: number;
  stage: string;
  created: string;
}

export interface ModelView {
  id: string;
  name: string;
  versions: ModelVersionView[];
}

export interface DagStepView {
  id: string;
  stepName: string;
  status: RunStatus | 'pending';
  upstream: string[];
}

export interface DagView {
  runId: string;
  runName: string;
  pipelineName: string;
  status: RunStatus;
  steps: DagStepView[];
}

/** Every call the worker answers; the extension calls them through a backend. */
export interface ZenApi {
  stacks(): Promise<StacksView>;
  components(type: string): Promise<ComponentView[]>;
  setActiveStack(name: string): Promise<{ name: string; scope: string }>;
  registerStack(name: string, components: Record<string, string>): Promise<StackView>;
  renameStack(name: string, newName: string): Promise<StackView>;
  deleteStack(name: string): Promise<void>;
  pipelines(runsPerPipeline: number): Promise<PipelineView[]>;
  deletePipelineRun(id: string): Promise<void>;
  deletePipeline(name: string): Promise<void>;
  runDag(runNameOrId: string): Promise<DagView>;
  server(): Promise<ServerView>;
  login(url: string, username: string, password: string): Promise<{ url: string; username?: string }>;
  logout(): Promise<{ url?: string; loggedOut: boolean }>;
  models(): Promise<ModelView[]>;
}

export type ZenMethod = keyof ZenApi;

export interface WorkerRequest {
  id: number;
  method: ZenMethod;
  params: unknown[];
}

export type WorkerResponse = { id: number; result: unknown } | { id: number; error: { message: string; hint?: string } };

/** The first message a worker sends: it found and loaded zenml. */
export interface WorkerReady {
  ready: true;
  zenmlVersion: string;
  zenmlPath: string;
}
