/**
 * Command-line numbers for the benches: an integer flag within bounds, or an error that names the
 * flag and the range (a typo never runs a bench with a silently different size).
 */

/** `values[name]` as an integer from `min` to `max`; throws `--name must be an integer from min to max`. */
export function intFlag(values: Record<string, unknown>, name: string, min: number, max: number): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}
