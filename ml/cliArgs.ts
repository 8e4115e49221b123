/**
 * Parses a numeric command-line option: `fallback` when absent, otherwise a positive number
 * (an integer when `integer`), or an error that names the option and the value given.
 */
export function positiveNumber(name: string, value: string | undefined, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
  }
  return n;
}
