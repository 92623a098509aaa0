// Component configs as the dashboard shows them: values under secret-looking keys are masked;
// references to secrets ({{ name.key }}) stay visible, since they name a secret and hold no value.
const SECRET_KEY = /(secret|password|passwd|token|credential|private|api[_-]?key|access[_-]?key)/i;
const REFERENCE = /^\{\{\s*[\w.-]+\s*\}\}$/;
export const MASK = '••••••••';

export function maskConfig(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => maskConfig(item, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, maskConfig(inner, name)]));
  if (SECRET_KEY.test(key) && value !== null && value !== undefined && value !== '' && !(typeof value === 'string' && REFERENCE.test(value))) return MASK;
  return value;
}
