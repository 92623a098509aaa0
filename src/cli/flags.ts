import { Flags } from '@oclif/core';
import { OUTPUT_FORMATS } from './output.js';

// No static default: ZENML_DEFAULT_OUTPUT sets it (ZenCommand.format), else `table`.
export const outputFlag = Flags.string({
  char: 'o',
  summary: 'Output format (default: $ZENML_DEFAULT_OUTPUT, else table).',
  options: OUTPUT_FORMATS,
  helpGroup: 'OUTPUT',
});

export const columnsFlag = Flags.string({
  summary: 'Columns to show, in this order, e.g. name,id (table, csv and tsv).',
  helpGroup: 'OUTPUT',
});

export const wideFlag = Flags.boolean({
  summary: 'Show whole ids in tables (they are cut to 8 characters otherwise).',
  default: false,
  helpGroup: 'OUTPUT',
});

/** What every list and describe command takes: -o/--output, --columns, --wide. */
export const outputFlags = { output: outputFlag, columns: columnsFlag, wide: wideFlag };

export const pageFlags = {
  page: Flags.integer({ summary: 'Page number (1-based).', default: 1, min: 1, helpGroup: 'PAGING' }),
  size: Flags.integer({ summary: 'Items per page.', default: 50, min: 1, max: 10_000, helpGroup: 'PAGING' }),
};

export const yesFlag = Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.', default: false });
