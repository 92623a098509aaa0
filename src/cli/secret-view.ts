import type { SecretModel } from '../core/entities.js';
import type { SecretValues } from './secret-values.js';

export const MASK = '********';

/** What `secret get` shows: metadata plus values, masked unless revealed. */
export interface SecretView extends SecretModel {
  values: SecretValues;
}

export function secretView(secret: SecretModel, revealed?: SecretValues): SecretView {
  const values = revealed ?? Object.fromEntries(secret.keys.map((key) => [key, MASK]));
  return { ...secret, values };
}
