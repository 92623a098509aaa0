import { Flags } from '@oclif/core';
import { OUTPUT_FORMATS } from './output.js';

export const outputFlag = Flags.string({
  char: 'o',
  summary: 'Output format.',
  options: OUTPUT_FORMATS,
  default: 'table',
  helpGroup: 'OUTPUT',
});

export const pageFlags = {
  page: Flags.integer({ summary: 'Page number (1-based).', default: 1, min: 1, helpGroup: 'PAGING' }),
  size: Flags.integer({ summary: 'Items per page.', default: 50, min: 1, max: 10_000, helpGroup: 'PAGING' }),
};

export const yesFlag = Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.', default: false });
