import { processSingleton } from '../core/process-state.js';
import type { ZenStore } from '../store/zen-store.js';
import { checkModelReference, type ModelSpec } from './model.js';
import type { ModelVersionModel } from '../core/model-entities.js';

// One lookup per run, model and version in this process: parallel steps share it, and a
// stage lookup gives every step of the run the same version even if a promotion happens meanwhile.
const resolved = processSingleton('runModelVersions', () => new Map<string, Promise<ModelVersionModel>>());

/**
 * The model version a run works under. No version: the one this run created (created on
 * first use, shared by all its steps in any process). A number, name or stage: that
 * existing version. Either way the run is linked to it.
 */
export function runModelVersion(store: ZenStore, spec: ModelSpec, runId: string): Promise<ModelVersionModel> {
  const key = `${store.url}|${runId}|${spec.name}|${spec.version ?? ''}`;
  let pending = resolved.get(key);
  if (!pending) {
    pending = resolve(store, spec, runId);
    resolved.set(key, pending);
    pending.catch(() => resolved.delete(key));
  }
  return pending;
}

async function resolve(store: ZenStore, spec: ModelSpec, runId: string): Promise<ModelVersionModel> {
  checkModelReference(spec);
  if (spec.version === undefined || spec.version === null) {
    const { version: _version, ...card } = spec;
    return store.getOrCreateRunModelVersion(card, runId);
  }
  const version = await store.getModelVersion(spec.name, spec.version);
  await store.linkRunToModelVersion(version.id, runId);
  return version;
}

