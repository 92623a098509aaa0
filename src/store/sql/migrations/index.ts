import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';

/**
 * Every schema change, in order. Names are permanent: add a new file for a change,
 * never edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
};
