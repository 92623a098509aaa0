// Generated help and messages choose "a" or "an" by the word that follows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentCommand } from '../../src/cli/component-commands.js';
import { assertJsonSerializable } from '../../src/sdk/json-check.js';

test('component command summaries use the right indefinite article', () => {
  assert.equal(componentCommand('orchestrator', 'register').summary, 'Register an orchestrator.');
  assert.equal(componentCommand('alerter', 'copy').summary, 'Copy an alerter under a new name.');
  assert.equal(componentCommand('artifact_store', 'delete').summary, 'Delete an artifact store that no stack uses.');
  assert.equal(componentCommand('container_registry', 'rename').summary, 'Rename a container registry.');
  for (const type of ['orchestrator', 'artifact_store', 'alerter', 'experiment_tracker', 'image_builder'] as const) {
    for (const action of ['register', 'update', 'remove-attribute', 'rename', 'copy', 'delete', 'describe', 'flavor describe'] as const) {
      assert.doesNotMatch(componentCommand(type, action).summary ?? '', /\ba [aeiou]/, `${type} ${action}`);
    }
  }
});

test('messages naming a type use the right article', () => {
  class Opaque {}
  assert.throws(() => assertJsonSerializable(new Opaque(), 'Parameter p'), /is an Opaque,/);
  assert.throws(() => assertJsonSerializable(new Map(), 'Parameter p'), /is a Map,/);
  assert.throws(() => assertJsonSerializable(new Uint8Array(1), 'Parameter p'), /is a Uint8Array,/);
});
