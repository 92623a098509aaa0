// A run's stop as its steps read it: one RunStop per signal, set the moment the signal aborts,
// and all of one hidden class (which AbortSignals are not: see run-stop.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RunStoppedError } from '../../src/execution/run-control.js';
import { runStopOf, throwIfStopped } from '../../src/execution/step-phases/run-stop.js';

describe('RunStop', () => {
  test('follows its signal: stopped as soon as abort() returns, including through AbortSignal.any', () => {
    const control = new AbortController();
    const failFast = new AbortController();
    const stop = runStopOf(AbortSignal.any([control.signal, failFast.signal]))!;
    assert.equal(stop.stopped, false);
    assert.doesNotThrow(() => throwIfStopped(stop));
    control.abort();
    assert.equal(stop.stopped, true);
    assert.throws(() => throwIfStopped(stop), RunStoppedError);
  });

  test('a signal aborted before is stopped from the start; no signal, no stop', () => {
    const aborted = new AbortController();
    aborted.abort();
    assert.equal(runStopOf(aborted.signal)!.stopped, true);
    assert.equal(runStopOf(undefined), undefined);
    assert.doesNotThrow(() => throwIfStopped(undefined));
  });

  test('one per signal, so a signal handed to many steps gets one listener', () => {
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      listeners++;
      add(...args);
    }) as AbortSignal['addEventListener'];
    const first = runStopOf(controller.signal);
    for (let i = 0; i < 100; i++) assert.equal(runStopOf(controller.signal), first);
    assert.equal(listeners, 1);
  });

  test('every RunStop has one hidden class (on Node 20 each AbortSignal has its own)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { pathToFileURL } = await import('node:url');
    const { join } = await import('node:path');
    const module = pathToFileURL(join(import.meta.dirname, '../../src/execution/step-phases/run-stop.ts')).href;
    const script = `
      const { runStopOf } = await import(${JSON.stringify(module)});
      const signals = [0, 1].map(() => AbortSignal.any([new AbortController().signal]));
      const [a, b] = signals.map(runStopOf);
      console.log(JSON.stringify({ stops: %HaveSameMap(a, b) }));`;
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { stops: true });
  });
});
