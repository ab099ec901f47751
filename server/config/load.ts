import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { configSchema, type Config, type SecretRef } from './schema.js';

/** A config that failed validation; `issues` are `path: message` lines. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`Invalid config ${source}:\n  ${issues.join('\n  ')}`);
  }
}

/** Validates a parsed config object. */
export function parseConfig(value: unknown, source = '(inline)'): Config {
  const result = configSchema.safeParse(value);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error.issues));
  return result.data;
}

/** Reads and validates a JSON config file. */
export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseConfig(value, path);
}

/** Reads a `{env}` secret; `undefined` when the variable is unset or empty. */
export function readSecret(ref: SecretRef | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!ref) return undefined;
  const value = env[ref.env];
  return value ? value : undefined;
}

/** Formats zod issues as `path: message` lines (unknown keys one line each, with their own path). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => `${path === '(root)' ? k : `${path}.${k}`}: unknown key`).join('\n  ');
    // A bad record key says why (e.g. a reserved name), not just "Invalid key in record".
    if (issue.code === 'invalid_key') return `${path}: ${issue.issues[0]?.message ?? issue.message}`;
    return `${path}: ${issue.message}`;
  });
}
