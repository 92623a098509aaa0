/**
 * The identity part of the ZenStore conformance suite: users, service accounts, API keys,
 * projects and scoped views. Called by zenStoreConformance with the store under test.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { ZenStore } from '../store/zen-store.js';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function rejectsAs(call: Promise<unknown>, name: string, pattern: RegExp): Promise<void> {
  await assert.rejects(call, (error: Error) => {
    assert.equal(error.name, name, `${error.name}: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

export function identityConformance(store: () => ZenStore): void {
  describe('users, service accounts and API keys', () => {
    test('users: create, get, list, update, deactivate, delete; the password is never handed back', async () => {
      const name = unique('alice');
      const user = await store().createUser({ name, password: 'correct horse', fullName: 'Alice', isAdmin: true });
      assert.equal(user.isAdmin, true);
      assert.equal(user.active, true);
      assert.equal(user.isServiceAccount, false);
      assert.ok(!JSON.stringify(user).includes('correct horse'));
      assert.ok(!('password' in user) && !('passwordHash' in user));
      assert.equal((await store().getUser(name)).id, user.id);
      assert.equal((await store().getUser(user.id)).name, name);
      await rejectsAs(store().createUser({ name }), 'AlreadyExistsError', new RegExp(name));
      const list = await store().listUsers({ isServiceAccount: false, size: 1000 });
      assert.ok(list.items.some((u) => u.id === user.id));
      assert.ok(list.items.every((u) => !u.isServiceAccount));
      const updated = await store().updateUser(user.id, { fullName: 'Alice B', isAdmin: false });
      assert.equal(updated.fullName, 'Alice B');
      assert.equal(updated.isAdmin, false);
      await store().deleteUser(user.id);
      await rejectsAs(store().getUser(name), 'NotFoundError', new RegExp(name));
    });

    test('verifyUserPassword: right password only, and never for an unknown or deactivated user', async () => {
      const name = unique('bob');
      const user = await store().createUser({ name, password: 's3cret-pw' });
      assert.equal((await store().verifyUserPassword(name, 's3cret-pw'))?.id, user.id);
      assert.equal(await store().verifyUserPassword(name, 'wrong'), undefined);
      assert.equal(await store().verifyUserPassword(unique('nobody'), 's3cret-pw'), undefined);
      await store().updateUser(user.id, { password: 'new-pw' });
      assert.equal(await store().verifyUserPassword(name, 's3cret-pw'), undefined);
      assert.equal((await store().verifyUserPassword(name, 'new-pw'))?.id, user.id);
      await store().updateUser(user.id, { active: false });
      assert.equal(await store().verifyUserPassword(name, 'new-pw'), undefined);
    });

    test('API keys: the key is shown once, verifies, deactivates, rotates (with and without retain) and deletes', async () => {
      const account = await store().createUser({ name: unique('ci'), isServiceAccount: true, description: 'CI' });
      assert.equal(account.isServiceAccount, true);
      assert.ok((await store().listUsers({ isServiceAccount: true, size: 1000 })).items.some((u) => u.id === account.id));
      const { apiKey, key } = await store().createApiKey(account.name, { name: 'default' });
      assert.equal(apiKey.serviceAccountId, account.id);
      assert.ok(!JSON.stringify(apiKey).includes(key));
      assert.equal((await store().verifyApiKey(key))?.user.id, account.id);
      assert.ok((await store().getApiKey(account.id, 'default')).lastLogin);
      assert.equal(await store().verifyApiKey(key.slice(0, -2) + 'xx'), undefined);
      assert.equal(await store().verifyApiKey('not-a-key'), undefined);
      await rejectsAs(store().createApiKey(account.id, { name: 'default' }), 'AlreadyExistsError', /default/);

      await store().updateApiKey(account.id, 'default', { active: false });
      assert.equal(await store().verifyApiKey(key), undefined);
      await store().updateApiKey(account.id, 'default', { active: true });
      assert.ok(await store().verifyApiKey(key));

      const retained = await store().rotateApiKey(account.id, 'default', { retainMinutes: 10 });
      assert.notEqual(retained.key, key);
      assert.ok(retained.apiKey.lastRotated);
      assert.ok(await store().verifyApiKey(key), 'the old key works during the retain period');
      assert.ok(await store().verifyApiKey(retained.key));
      const rotated = await store().rotateApiKey(account.id, 'default');
      assert.equal(await store().verifyApiKey(key), undefined, 'a rotation without retain ends the previous keys');
      assert.equal(await store().verifyApiKey(retained.key), undefined);
      assert.ok(await store().verifyApiKey(rotated.key));

      assert.deepEqual((await store().listApiKeys(account.id)).items.map((k) => k.name), ['default']);
      await store().updateUser(account.id, { active: false });
      assert.equal(await store().verifyApiKey(rotated.key), undefined, 'a deactivated service account cannot log in');
      await store().updateUser(account.id, { active: true });
      await store().deleteApiKey(account.id, 'default');
      assert.equal(await store().verifyApiKey(rotated.key), undefined);
      await rejectsAs(store().getApiKey(account.id, 'default'), 'NotFoundError', /default/);
      // A person is not a service account.
      const person = await store().createUser({ name: unique('carol'), password: 'pw' });
      await rejectsAs(store().createApiKey(person.id, { name: 'k' }), 'NotFoundError', /service account/);
    });
  });

  describe('projects and scoped views', () => {
    test('projects: default exists; create, get, list, update; delete refuses default and a project in use', async () => {
      const projects = await store().listProjects({ size: 1000 });
      assert.ok(projects.items.some((p) => p.name === 'default'));
      const name = unique('team');
      const project = await store().createProject({ name, description: 'A team' });
      assert.equal((await store().getProject(name)).id, project.id);
      await rejectsAs(store().createProject({ name }), 'AlreadyExistsError', new RegExp(name));
      assert.equal((await store().updateProject(name, { displayName: 'Team' })).displayName, 'Team');
      await assert.rejects(store().deleteProject('default'), /default/);
      const view = store().withScope({ project: name });
      await view.getOrCreatePipeline('held');
      await assert.rejects(store().deleteProject(name), /still holds pipelines/);
      await view.deletePipeline('held');
      await store().deleteProject(name);
      await rejectsAs(store().getProject(name), 'NotFoundError', new RegExp(name));
      await rejectsAs(store().withScope({ project: name }).listPipelines(), 'NotFoundError', new RegExp(name));
    });

    test('two projects do not see each other, and may use the same names', async () => {
      const a = store().withScope({ project: (await store().createProject({ name: unique('proj-a') })).name });
      const b = store().withScope({ project: (await store().createProject({ name: unique('proj-b') })).id });
      const pipelineA = await a.getOrCreatePipeline('training');
      const pipelineB = await b.getOrCreatePipeline('training');
      assert.notEqual(pipelineA.id, pipelineB.id);
      assert.deepEqual((await a.listPipelines()).items.map((p) => p.id), [pipelineA.id]);
      await rejectsAs(b.getPipeline(pipelineA.id), 'NotFoundError', new RegExp(pipelineA.id));
      await rejectsAs(store().getPipeline(pipelineA.id), 'NotFoundError', /pipeline/);

      const snapshot = await a.createSnapshot({ pipelineId: pipelineA.id, spec: { steps: [] } });
      const run = await a.createRun({ name: 'run-1', pipelineId: pipelineA.id, snapshotId: snapshot.id, config: {} });
      assert.equal((await a.listRuns()).total, 1);
      assert.equal((await b.listRuns()).total, 0);
      await rejectsAs(b.getRun('run-1'), 'NotFoundError', /run-1/);
      assert.equal(await b.runNameExists('run-1'), false);

      const version = await a.createArtifactVersion({ id: randomUUID(), name: 'dataset', uri: '/x', artifactStoreId: 's', materializer: 'zenml.json', dataType: 'Array', type: 'data' });
      await b.createArtifactVersion({ id: randomUUID(), name: 'dataset', uri: '/y', artifactStoreId: 's', materializer: 'zenml.json', dataType: 'Array', type: 'data' });
      assert.equal((await a.getArtifactVersion('dataset')).id, version.id);
      assert.equal((await a.listArtifactVersions()).total, 1);
      assert.equal((await b.getArtifact('dataset')).versionCount, 1);
      await rejectsAs(b.getArtifactVersion(version.id), 'NotFoundError', new RegExp(version.id));

      await a.createModel({ name: 'classifier' });
      await b.createModel({ name: 'classifier' });
      await a.createModelVersion('classifier');
      assert.equal((await a.listModelVersions()).total, 1);
      assert.equal((await b.listModelVersions()).total, 0);

      await a.createSecret({ name: 'token', keys: ['k'], backend: 'sql', private: false });
      await b.createSecret({ name: 'token', keys: ['k'], backend: 'sql', private: false });
      assert.equal((await a.listSecrets()).total, 1);
      const stack = await a.createStack({ name: 'gpu', components: {} });
      await rejectsAs(b.getStack('gpu'), 'NotFoundError', /gpu/);
      assert.ok(!(await store().listStacks({ size: 1000 })).items.some((s) => s.id === stack.id));

      const nightly = { name: 'nightly', sourceFile: '/p/train.ts', runConfig: {}, cronExpression: '0 3 * * *', catchup: false, active: true, nextFireTime: '2020-01-01T00:00:00.000Z' };
      const schedule = await a.createSchedule({ ...nightly, pipelineId: pipelineA.id });
      await rejectsAs(b.createSchedule({ ...nightly, name: 'sneaky', pipelineId: pipelineA.id }), 'NotFoundError', /pipeline/);
      await b.createSchedule({ ...nightly, pipelineId: pipelineB.id });
      assert.deepEqual((await a.listSchedules()).items.map((s) => s.id), [schedule.id]);
      assert.ok(!(await b.listSchedules({ size: 1000 })).items.some((s) => s.id === schedule.id), 'another project lists none of them');
      assert.ok(!(await store().listSchedules({ size: 1000, active: true })).items.some((s) => s.id === schedule.id), 'nor does a scheduler of the default project');
      await rejectsAs(b.getSchedule(schedule.id), 'NotFoundError', /./);
      await rejectsAs(b.updateSchedule(schedule.id, { active: false }), 'NotFoundError', /./);
      assert.equal(await b.claimScheduleFiring(schedule.id, { firing: nightly.nextFireTime, nextFireTime: '2030-01-01T00:00:00.000Z' }), undefined);
      await b.deleteSchedule('nightly');
      assert.equal((await a.getSchedule('nightly')).id, schedule.id, "deleting another project's same-named schedule leaves this one");
    });

    test("a user's private secret is invisible to another user's view, and owners are recorded", async () => {
      const alice = await store().createUser({ name: unique('alice'), password: 'a' });
      const bob = await store().createUser({ name: unique('bob'), password: 'b' });
      const asAlice = store().withScope({ userId: alice.id });
      const asBob = store().withScope({ userId: bob.id });
      const name = unique('alice-token');
      const secret = await asAlice.createSecret({ name, keys: ['k'], backend: 'sql', private: true, encryptedValues: 'cipher' });
      assert.equal(secret.owner, alice.id);
      assert.equal((await asAlice.getSecret(name)).id, secret.id);
      // Ciphertext is readable only from a store that does not keep values itself (a server never hands it out).
      const sealsItself = store().secretValues !== undefined;
      if (!sealsItself) assert.equal(await asAlice.getSecretEncryptedValues(secret.id), 'cipher');
      await rejectsAs(asBob.getSecret(name), 'NotFoundError', new RegExp(name));
      await rejectsAs(asBob.getSecret(secret.id), 'NotFoundError', new RegExp(secret.id));
      if (!sealsItself) assert.equal(await asBob.getSecretEncryptedValues(secret.id), undefined);
      assert.ok(!(await asBob.listSecrets({ size: 1000 })).items.some((s) => s.id === secret.id));
      await rejectsAs(asBob.updateSecret(secret.id, { private: false }), 'NotFoundError', new RegExp(secret.id));
      assert.ok((await asAlice.listSecrets({ size: 1000 })).items.some((s) => s.id === secret.id));
      const shared = await asAlice.createSecret({ name: unique('shared'), keys: ['k'], backend: 'sql', private: false });
      assert.equal((await asBob.getSecret(shared.name)).id, shared.id);
      assert.equal((await asBob.createStack({ name: unique('bobs'), components: {} })).owner, bob.id);
      const pipeline = await asBob.getOrCreatePipeline(unique('bobs-pipeline'));
      const schedule = await asBob.createSchedule({ name: unique('bobs-schedule'), pipelineId: pipeline.id, sourceFile: '/p/train.ts', runConfig: {}, cronExpression: '0 3 * * *', catchup: false, active: false });
      assert.equal(schedule.owner, bob.id);
      assert.equal((await asAlice.getSchedule(schedule.id)).owner, bob.id, 'members of the project see it, with its owner');
    });
  });
}
