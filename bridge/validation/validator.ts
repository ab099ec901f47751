/**
 * A JSON Schema validator for tool arguments that needs no code generation (it works under a CSP
 * without `unsafe-eval`). It covers the keywords page tools use: type, enum, const, required,
 * properties, additionalProperties, items, min/max (length, items, value), pattern, anyOf/oneOf/allOf.
 * Schemas are compiled once per tool list; unknown keywords are ignored, as JSON Schema says.
 */
import { compilePattern } from './pattern.js';

export interface ValidationIssue {
  /** JSON pointer-like path of the offending value, e.g. `/quantity`. */
  path: string;
  message: string;
}

export type Validator = (value: unknown) => ValidationIssue[];

type Schema = Record<string, unknown>;
type Check = (value: unknown, path: string, issues: ValidationIssue[]) => void;

const MAX_DEPTH = 32;
const MAX_ISSUES = 20;

/** Compiles `schema`; arguments must always be an object, and a missing schema asks for nothing more. */
export function compileValidator(schema: Schema | undefined): Validator {
  const root = compile({ type: 'object' }, 0);
  const check = schema ? compile(schema, 0) : undefined;
  return (value) => {
    const issues: ValidationIssue[] = [];
    root(value, '', issues);
    if (issues.length === 0) check?.(value, '', issues);
    return issues.slice(0, MAX_ISSUES);
  };
}

function compile(schema: unknown, depth: number): Check {
  if (!isObject(schema) || depth > MAX_DEPTH) return () => undefined;
  const checks: Check[] = [];
  const s = schema as Schema;
  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string');
    if (types.length > 0) {
      checks.push((v, p, issues) => {
        if (!types.some((t) => hasType(v, t)))
          issues.push({ path: p, message: `must be ${types.join(' or ')}, got ${typeName(v)}` });
      });
    }
  }
  if (Array.isArray(s.enum)) {
    const allowed = s.enum.map((e) => JSON.stringify(e));
    const set = new Set(allowed);
    checks.push((v, p, issues) => {
      if (!set.has(JSON.stringify(v)))
        issues.push({
          path: p,
          message: `must be one of ${allowed.slice(0, 10).join(', ')}${allowed.length > 10 ? ', …' : ''}`,
        });
    });
  }
  if ('const' in s) {
    const expected = JSON.stringify(s.const);
    checks.push((v, p, issues) => {
      if (JSON.stringify(v) !== expected) issues.push({ path: p, message: `must be ${expected}` });
    });
  }
  addNumberChecks(s, checks);
  addStringChecks(s, checks);
  addObjectChecks(s, checks, depth);
  if (s.items !== undefined && !Array.isArray(s.items)) {
    const item = compile(s.items, depth + 1);
    checks.push((v, p, issues) => {
      if (Array.isArray(v)) v.forEach((x, i) => item(x, `${p}/${i}`, issues));
    });
  }
  addBound(
    checks,
    s.minItems,
    (v) => (Array.isArray(v) ? v.length : undefined),
    (n) => `must have at least ${n} items`,
    false,
  );
  addBound(
    checks,
    s.maxItems,
    (v) => (Array.isArray(v) ? v.length : undefined),
    (n) => `must have at most ${n} items`,
    true,
  );
  addCombinators(s, checks, depth);
  return (value, path, issues) => {
    for (const c of checks) {
      if (issues.length >= MAX_ISSUES) return;
      c(value, path, issues);
    }
  };
}

function addNumberChecks(s: Schema, checks: Check[]): void {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  addBound(checks, s.minimum, num, (n) => `must be >= ${n}`, false);
  addBound(checks, s.maximum, num, (n) => `must be <= ${n}`, true);
  if (typeof s.exclusiveMinimum === 'number') {
    const n = s.exclusiveMinimum;
    checks.push(
      (v, p, issues) => void (typeof v === 'number' && v <= n && issues.push({ path: p, message: `must be > ${n}` })),
    );
  }
  if (typeof s.exclusiveMaximum === 'number') {
    const n = s.exclusiveMaximum;
    checks.push(
      (v, p, issues) => void (typeof v === 'number' && v >= n && issues.push({ path: p, message: `must be < ${n}` })),
    );
  }
}

function addStringChecks(s: Schema, checks: Check[]): void {
  const len = (v: unknown) => (typeof v === 'string' ? [...v].length : undefined);
  addBound(checks, s.minLength, len, (n) => `must have at least ${n} characters`, false);
  addBound(checks, s.maxLength, len, (n) => `must have at most ${n} characters`, true);
  if (typeof s.pattern === 'string' && s.pattern.length <= 512) {
    // An invalid or possibly catastrophic pattern is not checked; the page's tool still validates its own input.
    const matches = compilePattern(s.pattern);
    if (matches) {
      checks.push(
        (v, p, issues) =>
          void (
            typeof v === 'string' &&
            !matches(v) &&
            issues.push({ path: p, message: `must match ${s.pattern as string}` })
          ),
      );
    }
  }
}

function addObjectChecks(s: Schema, checks: Check[], depth: number): void {
  const required = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [];
  if (required.length > 0) {
    checks.push((v, p, issues) => {
      if (!isObject(v)) return;
      for (const key of required)
        if (!Object.hasOwn(v, key)) issues.push({ path: `${p}/${key}`, message: 'is required' });
    });
  }
  const properties = isObject(s.properties) ? (s.properties as Schema) : undefined;
  const compiled = new Map<string, Check>();
  if (properties) for (const [key, sub] of Object.entries(properties)) compiled.set(key, compile(sub, depth + 1));
  const additional = s.additionalProperties;
  const extra = isObject(additional) ? compile(additional, depth + 1) : undefined;
  if (compiled.size === 0 && additional !== false && !extra) return;
  checks.push((v, p, issues) => {
    if (!isObject(v)) return;
    for (const [key, value] of Object.entries(v)) {
      const sub = compiled.get(key);
      if (sub) sub(value, `${p}/${key}`, issues);
      else if (additional === false) issues.push({ path: `${p}/${key}`, message: 'is not an allowed property' });
      else extra?.(value, `${p}/${key}`, issues);
    }
  });
}

function addCombinators(s: Schema, checks: Check[], depth: number): void {
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[keyword];
    if (!Array.isArray(list) || list.length === 0) continue;
    const branches = list.slice(0, 64).map((b) => compile(b, depth + 1));
    checks.push((v, p, issues) => {
      const results = branches.map((b) => {
        const found: ValidationIssue[] = [];
        b(v, p, found);
        return found;
      });
      const passing = results.filter((r) => r.length === 0).length;
      if (keyword === 'allOf') results.forEach((r) => issues.push(...r));
      else if (keyword === 'anyOf' && passing === 0)
        issues.push({ path: p, message: 'must match at least one allowed shape' });
      else if (keyword === 'oneOf' && passing !== 1)
        issues.push({ path: p, message: `must match exactly one allowed shape (matched ${passing})` });
    });
  }
}

function addBound(
  checks: Check[],
  limit: unknown,
  measure: (v: unknown) => number | undefined,
  message: (n: number) => string,
  upper: boolean,
): void {
  if (typeof limit !== 'number') return;
  checks.push((v, p, issues) => {
    const m = measure(v);
    if (m !== undefined && (upper ? m > limit : m < limit)) issues.push({ path: p, message: message(limit) });
  });
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      return true; // unknown type names are not ours to refuse
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isInteger(v)) return 'integer';
  return typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One readable line for the model, e.g. `/quantity must be <= 99; /productId is required`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path || '(input)'} ${i.message}`).join('; ');
}
