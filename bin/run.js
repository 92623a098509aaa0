#!/usr/bin/env node
import { execute } from '@oclif/core';
import { guardCliProcess } from '../dist/cli/exit-guard.js';

const guard = guardCliProcess();
await execute({ dir: import.meta.url });
// The command is done: a timer or socket left open by a pipeline file or plugin must not keep it alive.
await guard.finished();
