import type { Ajv as AjvInstance, Options } from 'ajv';

export type Ajv = AjvInstance;

/** A fresh Ajv instance; imported lazily because only register/update and flavor loading need it. */
export async function createAjv(options: Options = {}): Promise<AjvInstance> {
  const module = (await import('../vendor/ajv.js')) as unknown as { default: typeof AjvInstance & { default?: typeof AjvInstance } };
  // ajv is CommonJS: the class is module.exports, also exposed as .default.
  const AjvClass = module.default.default ?? module.default;
  return new AjvClass({ allErrors: true, strict: false, ...options });
}
