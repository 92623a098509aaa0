import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadRunConfig, mergeRunOptions, sameValue } from '../../src/sdk/run-config.js';

const dir = mkdtempSync(join(tmpdir(), 'zenml-runconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function usageError(pattern: RegExp) {
  return (error: Error & { exitCode?: number }) => {
    assert.match(error.message, pattern);
    assert.equal(error.exitCode, 2);
    assert.ok(!error.message.includes('\n'), error.message);
    return true;
  };
}

describe('loadRunConfig', () => {
  test('reads every key withOptions takes', async () => {
    const path = file(
      'full.yaml',
      `runName: nightly-{date}
enableCache: false
stack: prod
parameters: { n: 3 }
settings: { orchestrator: { maxParallelism: 2 } }
extra: { team: ml }
tags: [a, b]
retry: { maxRetries: 2, delayMs: 10 }
steps:
  train:
    enableCache: true
    parameters: { trees: 5 }
    retry: { maxRetries: 1 }
    settings: {}
    tags: [x]
`,
    );
    const options = await loadRunConfig(path);
    assert.equal(options.runName, 'nightly-{date}');
    assert.equal(options.enableCache, false);
    assert.deepEqual(options.parameters, { n: 3 });
    assert.deepEqual(options.steps?.train.parameters, { trees: 5 });
    assert.equal(options.steps?.train.retry?.maxRetries, 1);
  });

  test('an empty file is no options', async () => {
    assert.deepEqual(await loadRunConfig(file('empty.yaml', '')), {});
    assert.deepEqual(await loadRunConfig(file('comment.yaml', '# nothing\n')), {});
  });

  test("reads ZenML's snake_case keys as the same options", async () => {
    const path = file(
      'zenml.yaml',
      `run_name: nightly-{date}
enable_cache: false
enable_artifact_metadata: false
enable_artifact_visualization: false
parameters: { n: 3 }
settings: { orchestrator: { maxParallelism: 2 } }
extra: { team: ml }
model: { name: iris, version: production }
experiment_tracker: mlflow
retry: { max_retries: 2, delay: 1.5, backoff: 2 }
steps:
  train:
    enable_cache: true
    parameters: { trees: 5 }
    retry: { max_retries: 1, delay_ms: 10 }
    enable_artifact_metadata: true
`,
    );
    const options = await loadRunConfig(path);
    assert.deepEqual(options, {
      runName: 'nightly-{date}',
      enableCache: false,
      enableArtifactMetadata: false,
      enableArtifactVisualization: false,
      parameters: { n: 3 },
      settings: { orchestrator: { maxParallelism: 2 } },
      extra: { team: 'ml' },
      model: { name: 'iris', version: 'production' },
      experimentTracker: 'mlflow',
      retry: { maxRetries: 2, delayMs: 1500, backoff: 2 },
      steps: { train: { enableCache: true, parameters: { trees: 5 }, retry: { maxRetries: 1, delayMs: 10 }, enableArtifactMetadata: true } },
    });
    // snake_case and camelCase may mix, one spelling per key.
    assert.deepEqual(await loadRunConfig(file('mixed.yaml', 'runName: a\nenable_cache: true\n')), { runName: 'a', enableCache: true });
  });

  test('one key spelled both ways is an error naming both', async () => {
    await assert.rejects(loadRunConfig(file('b1.yaml', 'enable_cache: true\nenableCache: true\n')), usageError(/sets 'enable_cache' and 'enableCache', which are the same key/));
    await assert.rejects(loadRunConfig(file('b2.yaml', 'steps:\n  s:\n    run_name: x\n')), usageError(/unknown key 'steps\.s\.run_name'/));
    await assert.rejects(
      loadRunConfig(file('b3.yaml', 'steps:\n  s:\n    parameters: {}\n    retry: { maxRetries: 1, max_retries: 2 }\n')),
      usageError(/sets 'steps\.s\.retry\.maxRetries' and 'steps\.s\.retry\.max_retries'/),
    );
    await assert.rejects(loadRunConfig(file('b4.yaml', 'retry: { delay: 1, delayMs: 5 }\n')), usageError(/'retry\.delay' \(seconds\) and 'retry\.delayMs'/));
  });

  test('refuses unknown keys, naming the key and the allowed ones', async () => {
    await assert.rejects(loadRunConfig(file('u1.yaml', 'enable_caching: true\n')), usageError(/unknown key 'enable_caching'\. Allowed keys: .*enableCache \(enable_cache\)/));
    await assert.rejects(loadRunConfig(file('u2.yaml', 'steps:\n  s:\n    cache: true\n')), usageError(/unknown key 'steps\.s\.cache'/));
    await assert.rejects(loadRunConfig(file('u3.yaml', 'retry: { tries: 3 }\n')), usageError(/unknown key 'retry\.tries'\. Allowed keys: maxRetries \(max_retries\)/));
  });

  test('ZenML keys with no counterpart yet are refused with the reason', async () => {
    await assert.rejects(loadRunConfig(file('s2.yaml', 'steps:\n  s:\n    step_operator: sagemaker\n')), usageError(/'steps\.s\.step_operator' is not supported/));
    await assert.rejects(loadRunConfig(file('s3.yaml', 'enable_step_logs: false\n')), usageError(/'enable_step_logs' is not supported/));
  });

  test('schedule takes ZenML\'s Schedule keys (or a bare cron expression); unknown schedule keys are refused', async () => {
    assert.deepEqual((await loadRunConfig(file('sc1.yaml', 'schedule:\n  cron_expression: "0 3 * * *"\n  start_time: 2030-01-01T00:00:00Z\n  end_time: "2031-01-01T00:00:00Z"\n  timezone: Europe/Paris\n  catchup: true\n'))).schedule, {
      cronExpression: '0 3 * * *',
      start: '2030-01-01T00:00:00Z',
      end: '2031-01-01T00:00:00Z',
      timezone: 'Europe/Paris',
      catchup: true,
    });
    assert.deepEqual((await loadRunConfig(file('sc2.yaml', 'schedule: "*/5 * * * * *"\n'))).schedule, { cron: '*/5 * * * * *' });
    await assert.rejects(loadRunConfig(file('sc3.yaml', 'schedule: { every: 5 }\n')), usageError(/unknown key 'schedule\.every'/));
  });

  test('refuses malformed YAML, non-mappings and a missing file', async () => {
    await assert.rejects(loadRunConfig(file('bad.yaml', 'a: [1, 2\nb: }\n')), usageError(/bad\.yaml is not valid YAML/));
    await assert.rejects(loadRunConfig(file('scalar.yaml', '42\n')), usageError(/must be a mapping/));
    await assert.rejects(loadRunConfig(file('steps-list.yaml', 'steps: [a]\n')), usageError(/steps: must be an object \(got an array\)/));
    await assert.rejects(loadRunConfig(file('step-scalar.yaml', 'steps:\n  a: 1\n')), usageError(/steps\.a: must be an object \(got 1\)/));
    await assert.rejects(loadRunConfig(join(dir, 'nope.yaml')), usageError(/nope\.yaml does not exist/));
  });
});

describe('value types (the run-config schema)', () => {
  // Each of these was accepted and then misbehaved: a crash, one-letter tags, a cached run...
  const cases: Array<[string, RegExp]> = [
    ['runName: 123', /runName: must be a string \(got 123\)/],
    ['tags: notalist', /tags: must be an array \(got "notalist"\)/],
    ['secrets: nosuch', /secrets: must be an array \(got "nosuch"\)/],
    ['enableCache: "no"', /enableCache: must be a boolean \(got "no"\)/],
    ['parameters: 5', /parameters: must be an object \(got 5\)/],
    ['retry: bogus', /retry: must be an object \(got "bogus"\)/],
    ['settings: 3', /settings: must be an object \(got 3\)/],
    ['extra: "x"', /extra: must be an object \(got "x"\)/],
    ['retry: { maxRetries: -5 }', /retry\.maxRetries: must be >= 0 \(got -5\)/],
    ['steps:\n  train:\n    parameters: 5', /steps\.train\.parameters: must be an object \(got 5\)/],
  ];
  for (const [text, pattern] of cases) {
    test(`refuses ${JSON.stringify(text)} naming the path`, async () => {
      await assert.rejects(loadRunConfig(file('typed.yaml', `${text}\n`)), usageError(new RegExp(`typed\\.yaml has an invalid value: ${pattern.source}`)));
    });
  }

  test("snake_case keys are checked under the name the file uses", async () => {
    await assert.rejects(loadRunConfig(file('snake.yaml', 'run_name: 7\nenable_cache: "yes"\nretry: { max_retries: 1.5, delay: -1 }\nsteps:\n  s:\n    enable_artifact_metadata: 0\n')), (error: Error) => {
      for (const part of ['run_name: must be a string', 'enable_cache: must be a boolean', 'retry.max_retries: must be an integer', 'retry.delay: must be >= 0', 'steps.s.enable_artifact_metadata: must be a boolean']) {
        assert.ok(error.message.includes(part), `${part} missing from: ${error.message}`);
      }
      return usageError(/has 5 invalid values/)(error);
    });
  });

  test('reports every problem at once, in one line', async () => {
    await assert.rejects(
      loadRunConfig(file('many.yaml', 'runName: 1\ntags: a\nsteps:\n  train:\n    parameters: 5\n    secrets: s\n')),
      usageError(/has 4 invalid values: runName: .*; tags: .*; steps\.train\.parameters: .*; steps\.train\.secrets: .*\. Fix them and run again\.$/),
    );
  });

  test('the valid forms still load: model with a numeric version, schedule as a string, retry with delay seconds', async () => {
    const options = await loadRunConfig(file('ok.yaml', 'model: { name: iris, version: 2 }\nschedule: "0 3 * * *"\nretry: { max_retries: 0, delay: 0.5 }\ntags: []\nsecrets: [db]\n'));
    assert.deepEqual(options.model, { name: 'iris', version: 2 });
    assert.deepEqual((options as { retry?: unknown }).retry, { maxRetries: 0, delayMs: 500 });
  });
});

describe('mergeRunOptions', () => {
  test('takes keys from both sides', () => {
    const merged = mergeRunOptions({ runName: 'r', steps: { a: { parameters: { x: 1 } } } }, { enableCache: false, steps: { a: { parameters: { y: 2 } }, b: { enableCache: true } } }, 'run.yaml');
    assert.equal(merged.runName, 'r');
    assert.equal(merged.enableCache, false);
    assert.deepEqual(merged.steps?.a.parameters, { x: 1, y: 2 });
    assert.equal(merged.steps?.b.enableCache, true);
  });

  test('equal values on both sides are fine; different ones are an error naming the key and the file', () => {
    assert.doesNotThrow(() => mergeRunOptions({ settings: { a: { b: 1, c: 2 } } }, { settings: { a: { c: 2, b: 1 } } }, 'run.yaml'));
    assert.throws(() => mergeRunOptions({ enableCache: true }, { enableCache: false }, 'run.yaml'), usageError(/'enableCache' is true in code but false in run\.yaml/));
    assert.throws(() => mergeRunOptions({ parameters: { n: 1 } }, { parameters: { n: 2 } }, 'run.yaml'), usageError(/'parameters\.n' is 1 in code but 2/));
    assert.throws(() => mergeRunOptions({ steps: { s: { enableCache: true } } }, { steps: { s: { enableCache: false } } }, 'run.yaml'), usageError(/'steps\.s\.enableCache'/));
    assert.throws(
      () => mergeRunOptions({ steps: { s: { parameters: { k: 'a' } } } }, { steps: { s: { parameters: { k: 'b' } } } }, 'run.yaml'),
      usageError(/'steps\.s\.parameters\.k' is "a" in code but "b"/),
    );
  });

  test('sameValue ignores key order only', () => {
    assert.equal(sameValue({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }), true);
    assert.equal(sameValue([1, 2], [2, 1]), false);
    assert.equal(sameValue(1, '1'), false);
  });
});
