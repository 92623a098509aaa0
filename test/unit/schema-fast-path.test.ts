import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAjv } from '../../src/stack/ajv.js';
import { certainlyValid } from '../../src/sdk/schema-fast-path.js';

// The fast path may only ever answer "valid" where Ajv does too (any doubt goes to Ajv).
const ROOT = {
  $id: 'fast-path-test',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    retries: { type: 'integer', minimum: 0 },
    backoff: { type: 'number', exclusiveMinimum: 0 },
    tags: { type: 'array', items: { type: 'string', minLength: 1 } },
    when: { type: ['number', 'string'] },
    hook: {},
    steps: { type: 'object', additionalProperties: { $ref: '#/$defs/step' } },
  },
  $defs: { step: { type: 'object', properties: { enabled: { type: 'boolean' } } } },
};

const SAMPLES: unknown[] = [
  { name: 'a' },
  { name: '' },
  { name: '😀' },
  {},
  { name: 'a', retries: 2 },
  { name: 'a', retries: 2.5 },
  { name: 'a', retries: -1 },
  { name: 'a', backoff: 0 },
  { name: 'a', backoff: 0.5 },
  { name: 'a', backoff: Number.NaN },
  { name: 'a', tags: ['x', 'y'] },
  { name: 'a', tags: ['x', ''] },
  { name: 'a', tags: 'x' },
  { name: 'a', when: 5 },
  { name: 'a', when: '5m' },
  { name: 'a', when: true },
  { name: 'a', hook: () => 1 },
  { name: 'a', unknown: 1 },
  { name: 'a', unknown: undefined },
  { name: 'a', retries: undefined },
  { name: 'a', steps: { train: { enabled: true } } },
  { name: 'a', steps: { train: { enabled: 'yes' } } },
  { name: 'a', steps: { train: undefined } },
  { name: 'a', steps: { train: [] } },
  { name: undefined },
  [],
  null,
  'a',
  new Map([['name', 'a']]),
];

test('certainlyValid answers "valid" only where Ajv agrees', async () => {
  const ajv = await createAjv({ allErrors: true, allowUnionTypes: true });
  const validate = ajv.compile(ROOT);
  let fast = 0;
  for (const sample of SAMPLES) {
    if (!certainlyValid(ROOT, sample, ROOT)) continue;
    fast++;
    assert.equal(validate(sample), true, `fast path accepted ${JSON.stringify(sample)}`);
  }
  assert.ok(fast >= 8, `the fast path decided only ${fast} samples`);
});

test('an unknown keyword always goes to Ajv', () => {
  assert.equal(certainlyValid({ type: 'string', pattern: '^a' }, 'a', {}), false);
});
