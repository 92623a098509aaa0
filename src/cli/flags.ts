import { Flags } from '../vendor/oclif.js';
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

/**
 * ZenML's list filters (core/filters): a plain value matches exactly, or an operator says how.
 * Spread into a list command's flags; ListCommand passes them to `fetch` as name, created, sortBy.
 */
export const filterFlags = {
  name: Flags.string({
    char: 'n',
    summary: 'Name: exact, or contains:, startswith:, endswith:, notequals:, oneof:[a,b] (e.g. contains:iris).',
    helpGroup: 'FILTER',
  }),
  created: Flags.string({ summary: 'Creation time: gt:, gte:, lt: or lte: a date (e.g. gte:2026-01-01).', helpGroup: 'FILTER' }),
  'sort-by': Flags.string({ summary: 'Order: a field, asc:<field> or desc:<field> (e.g. desc:created, asc:name).', helpGroup: 'FILTER' }),
};

/** The filter flags given, as a store request: `{ name, created, sortBy }` (absent ones left out). */
export function filterRequest(flags: { name?: string; created?: string; 'sort-by'?: string }): { name?: string; created?: string; sortBy?: string } {
  return {
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.created === undefined ? {} : { created: flags.created }),
    ...(flags['sort-by'] === undefined ? {} : { sortBy: flags['sort-by'] }),
  };
}

export const yesFlag = Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.', default: false });
