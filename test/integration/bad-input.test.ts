// Bad input from issue 2: each is a one-line error that says what is wrong, and nothing is written.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BaseMaterializer, Client, loadArtifact, pipeline, step, type ArtifactFiles } from '../../src/index.js';
import { closeZenContexts } from '../../src/context/zen-context.js';
import { createSandbox, useSandboxEnv } from '../helpers/sandbox.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-bad-');

function oneLine(pattern: RegExp) {
  return (error: Error) => {
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
    return true;
  };
}

/** Asserts the call is refused with a one-line error and stores no run, pipeline or artifact. */
async function refused(call: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const client = new Client();
  const counts = async () => [(await client.listPipelineRuns()).total, (await client.listPipelines()).total, (await client.listArtifacts()).total];
  const before = await counts();
  await assert.rejects(call(), oneLine(pattern));
  assert.deepEqual(await counts(), before, 'something was stored');
}

class Widget {
  size = 3;
}

const takes = step({ name: 'takes' }, ({ value }: { value: unknown }) => String(value));

describe('parameters that are not JSON', () => {
  for (const [label, value, type] of [
    ['a class instance', new Widget(), /Widget/],
    ['a function', () => 1, /function/],
    ['NaN', Number.NaN, /NaN/],
    ['Infinity nested in an object', { a: [1, Number.POSITIVE_INFINITY] }, /at a\[1\].*Infinity/],
    ['a Date', new Date(0), /Date/],
  ] as const) {
    test(`${label} is refused, naming the parameter`, async () => {
      const p = pipeline({ name: 'bad_param' }, () => {
        takes({ value });
      });
      await refused(() => p(), new RegExp(`Parameter 'value' of step 'takes'.*${type.source}`));
    });
  }

  test('a pipeline parameter that is not JSON is refused too', async () => {
    const p = pipeline({ name: 'bad_pipeline_param' }, ({ w }: { w: unknown }) => {
      takes({ value: 1 });
      void w;
    });
    await refused(() => p({ w: new Widget() }), /parameter of pipeline 'bad_pipeline_param'.*Widget/);
  });
});

describe('circular parameters', () => {
  const circular = () => {
    const value: Record<string, unknown> = { size: 3 };
    value.self = value;
    return value;
  };

  test('a circular step parameter is a one-line ZenError, not a stack overflow', async () => {
    const p = pipeline({ name: 'circular_step_param' }, () => {
      takes({ value: circular() });
    });
    await refused(() => p(), /^Parameter 'value' of step 'takes' \(at self\) refers back to itself \(a circular object\)/);
    await assert.rejects(p(), (error: Error & { exitCode?: number }) => error.name === 'UsageError' && error.exitCode === 2);
  });

  test('a circular pipeline parameter, or one set through withOptions(), is refused the same way', async () => {
    const p = pipeline({ name: 'circular_pipeline_param' }, ({ w }: { w?: unknown } = {}) => {
      takes({ value: 1 });
      void w;
    });
    await refused(() => p({ w: circular() }), /parameter of pipeline 'circular_pipeline_param' \(at w\.self\) refers back to itself/);
    await refused(() => p.withOptions({ parameters: { w: circular() } })(), /\(at w\.self\) refers back to itself/);
    // The step already has `value`: comparing the two used to throw a bare TypeError.
    await refused(() => p.withOptions({ steps: { takes: { parameters: { value: circular() } } } })(), /Parameter of step 'takes' \(at value\.self\) refers back to itself/i);
  });

  test('a YAML alias that loops back into its own mapping is refused the same way', async () => {
    const path = box.sandbox.write('circular.yaml', 'parameters: &loop\n  w: 1\n  again: *loop\n');
    const p = pipeline({ name: 'circular_yaml_param' }, ({ w }: { w?: unknown } = {}) => {
      takes({ value: w });
    });
    await refused(() => p.withOptions({ configPath: path })(), /\(at again\) refers back to itself/);
  });
});

describe('the DAG', () => {
  const a = step({ name: 'a' }, () => 1);
  const b = step({ name: 'b' }, () => 2);

  test('`after` naming an unknown step', async () => {
    const p = pipeline({ name: 'bad_after' }, () => {
      a(undefined, { after: ['nope'] });
    });
    await refused(() => p(), /Step 'a' .* runs after 'nope', which is not a step/);
  });

  test('a cycle through `after`', async () => {
    const p = pipeline({ name: 'cycle' }, () => {
      a(undefined, { after: ['b'] });
      b(undefined, { after: ['a'] });
    });
    await refused(() => p(), /a, b .* form a cycle/);
  });

  test('a step after itself', async () => {
    const p = pipeline({ name: 'self' }, () => {
      a(undefined, { after: ['a'] });
    });
    await refused(() => p(), /cannot run after itself/);
  });

  test('two invocations with the same id', async () => {
    const p = pipeline({ name: 'dup' }, () => {
      a(undefined, { id: 'x' });
      b(undefined, { id: 'x' });
    });
    await refused(() => p(), /two steps with the id 'x'/);
  });

  test('a pipeline that calls no steps', async () => {
    await refused(() => pipeline({ name: 'empty' }, () => undefined)(), /calls no steps/);
  });
});

describe('outputs no materializer accepts', () => {
  test('fail the run with the type named; no version registered; no files left', async () => {
    const makeWidget = step({ name: 'make_widget' }, () => new Widget());
    const p = pipeline({ name: 'widgets' }, () => {
      makeWidget();
    });
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /make_widget.*output.*No materializer can store a value of type Widget/);
    assert.ok(!(run.error ?? '').includes('\n'));
    await assert.rejects(new Client().getArtifactVersion('widgets::make_widget::output'), /No artifact named/);
    assert.deepEqual(await box.tempLeftovers(), []);
  });

  test('a step with a good and a bad output registers neither and removes the good one', async () => {
    const mixed = step({ name: 'mixed', outputs: ['good', 'bad'] as const }, () => ({ good: [1, 2], bad: () => 0 }));
    const p = pipeline({ name: 'mixed_outputs' }, () => {
      mixed();
    });
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /output 'bad'.*function/);
    const client = new Client();
    await assert.rejects(client.getArtifactVersion('mixed_outputs::mixed::good'), /No artifact named/);
    assert.deepEqual(run.steps.mixed.outputs, {});
    const root = await box.artifactRoot();
    assert.equal(existsSync(join(root, 'mixed_outputs__mixed__good')) && readdirSync(join(root, 'mixed_outputs__mixed__good')).length > 0, false);
    assert.deepEqual(await box.tempLeftovers(), []);
  });

  test('a materializer that throws half-way leaves no temp files', async () => {
    class Broken extends BaseMaterializer<unknown> {
      readonly id = 'test.broken';
      canHandle = () => true;
      async save(_value: unknown, files: ArtifactFiles) {
        await files.writeFile('part.bin', Buffer.alloc(1024));
        throw new Error('disk on fire');
      }
      async load(): Promise<unknown> {
        return undefined;
      }
    }
    const s = step({ name: 'half', outputMaterializers: new Broken() }, () => 'x');
    const run = await pipeline({ name: 'half_written' }, () => {
      s();
    })();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /disk on fire/);
    assert.deepEqual(await box.tempLeftovers(), []);
  });

  test('a step that does not return its declared outputs fails, naming them', async () => {
    const partial = step({ name: 'partial', outputs: ['x', 'y'] as const }, () => ({ x: 1 }) as { x: number; y: number });
    const run = await pipeline({ name: 'partial_outputs' }, () => {
      partial();
    })();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /did not return its output\(s\) y/);
  });
});

describe('loading artifacts that do not exist', () => {
  test('an unknown name or version is a one-line NotFound error', async () => {
    await assert.rejects(loadArtifact('no_such_artifact'), oneLine(/No artifact named 'no_such_artifact'/));
    await assert.rejects(new Client().getArtifactVersion('no_such_artifact', 3), oneLine(/No artifact named 'no_such_artifact'/));
    const one = step({ name: 'one' }, () => 1);
    await pipeline({ name: 'exists' }, () => {
      one();
    })();
    await assert.rejects(loadArtifact('exists::one::output', 7), (error: Error) => {
      assert.equal(error.name, 'NotFoundError');
      return oneLine(/Artifact 'exists::one::output' has no version 7/)(error);
    });
  });
});

describe('pipeline files', () => {
  const load = async (file: string, selector?: { exportName?: string }) => {
    const { PipelineSource } = await import('../../src/execution/pipeline-source.js');
    return PipelineSource.load(file, selector);
  };

  test('a file with no pipeline export, a missing file, a file that throws: one-line errors', async () => {
    const none = box.sandbox.write('no-pipeline.ts', "import { step } from 'zenml';\nexport const s = step({ name: 's' }, () => 1);\n");
    await assert.rejects(load(none), oneLine(/no-pipeline\.ts exports no pipeline/));
    await assert.rejects(load(`${box.sandbox.cwd}/absent.ts`), oneLine(/absent\.ts does not exist/));
    const throws = box.sandbox.write('throws.ts', "throw new Error('bad import\\nsecond line');\n");
    await assert.rejects(load(throws), oneLine(/Importing .*throws\.ts failed: bad import/));
  });

  test('a syntax error names the file, line, column and the problem, not only "Transform failed"', async () => {
    const ts = box.sandbox.write('syntax.ts', "import { pipeline, step } from 'zenml';\nconst s = step({ name: 's' }, () => 1;\nexport const p = pipeline({ name: 'p' }, () => { s(); });\n");
    await assert.rejects(load(ts), oneLine(/^Importing .*syntax\.ts failed: syntax error at .*syntax\.ts:2:38: Expected "\)" but found ";"/));
    // Plain JavaScript is imported by Node itself, whose SyntaxError for an ES module carries no place.
    const esm = box.sandbox.write('syntax.mjs', 'export const a = 1;\nconst broken = ;\n');
    await assert.rejects(load(esm), oneLine(/^Importing .*syntax\.mjs failed: syntax error at .*syntax\.mjs:2: Unexpected token ';'/));
    const cjs = box.sandbox.write('syntax.cjs', 'exports.a = 1;\n\nconst broken = ;\n');
    await assert.rejects(load(cjs), oneLine(/^Importing .*syntax\.cjs failed: syntax error at .*syntax\.cjs:3: Unexpected token ';'/));
  });

  test('an export name that is not a pipeline is refused, listing the pipelines', async () => {
    const file = box.sandbox.write(
      'two.ts',
      "import { pipeline, step } from 'zenml';\nconst s = step({ name: 's' }, () => 1);\nexport const a = pipeline({ name: 'a' }, () => { s(); });\nexport const b = pipeline({ name: 'b' }, () => { s(); });\n",
    );
    await assert.rejects(load(file), oneLine(/exports several pipelines \(a, b\)/));
    await assert.rejects(load(file, { exportName: 'c' }), oneLine(/has no pipeline export named 'c'.*Pipeline exports: a, b/));
    assert.equal((await load(file, { exportName: 'b' })).exportName, 'b');
  });
});

describe('a corrupt store file', () => {
  test('any Client call fails with one line naming the file', async () => {
    const sandbox = createSandbox('zenml-corrupt-');
    const restore = useSandboxEnv(sandbox);
    try {
      const db = join(sandbox.configDir, 'local_stores', 'default_zen_store', 'zenml.db');
      mkdirSync(join(db, '..'), { recursive: true });
      writeFileSync(db, 'this is not a database, it is garbage '.repeat(200));
      for (const call of [() => new Client().listPipelineRuns(), () => new Client().getActiveStack(), () => loadArtifact('x')]) {
        await assert.rejects(call(), (error: Error) => {
          assert.ok(error.message.includes(db), error.message);
          return oneLine(/cannot be opened.*not a database/)(error);
        });
      }
    } finally {
      await closeZenContexts();
      restore();
      sandbox.cleanup();
    }
  });
});
