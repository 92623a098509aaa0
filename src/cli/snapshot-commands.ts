import { Args } from '../vendor/oclif.js';
import type { Column } from './output.js';
import type { RunTemplateModel } from '../core/run-template-entities.js';

export const snapshotColumns: Column<RunTemplateModel>[] = [
  { header: 'name', get: (s) => s.name },
  { header: 'pipeline', get: (s) => s.pipelineName },
  { header: 'source', get: (s) => s.sourceFile },
  { header: 'code hash', get: (s) => s.codeHash.slice(0, 12) },
  { header: 'created', get: (s) => s.created, kind: 'date' },
  { header: 'id', get: (s) => s.id, kind: 'id' },
];

export const snapshotArg = { snapshot: Args.string({ description: 'Name, id or id prefix of the pipeline snapshot.', required: true }) };
