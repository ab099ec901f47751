import { describe, expect, it } from 'vitest';
import type { ModelTool } from '../types.js';
import { BOOK_TOOLS, DEMO_TOOLS } from './demo-tools.fixture.js';
import { BOOK_QUESTIONS, SHOP_QUESTIONS, type Question, type WordsMatcher } from './questions.js';
import { planReply } from './reply.js';

function isWords(value: unknown): value is WordsMatcher {
  return typeof value === 'object' && value !== null && Array.isArray((value as WordsMatcher).words);
}

function argumentMatches(expected: unknown, actual: unknown): boolean {
  if (!isWords(expected)) return JSON.stringify(expected) === JSON.stringify(actual);
  if (typeof actual !== 'string') return false;
  const said = actual.toLowerCase().split(/\s+/).filter(Boolean);
  return expected.words.every((w) => said.includes(w)) && said.length <= expected.words.length + (expected.extra ?? 0);
}

/** Why the model's first step misses the question's expectation, or `undefined` when it is right. */
function judge(question: Question, tools: ModelTool[]): string | undefined {
  const reply = planReply({ messages: [{ role: 'user', content: question.text }], tools });
  const calls = reply.kind === 'tool-calls' ? reply.calls : [];
  const got = calls.map((c) => `${c.tool.bareName}(${JSON.stringify(c.arguments)})`).join(' + ') || 'no tool';
  if (question.expect === 'none') return calls.length === 0 ? undefined : got;
  if (calls.length !== question.expect.length) return got;
  for (const expected of question.expect) {
    const match = calls.find((c) => c.tool.bareName === expected.tool);
    if (match === undefined) return got;
    const keys = new Set([...Object.keys(expected.args), ...Object.keys(match.arguments)]);
    for (const key of keys) if (!argumentMatches(expected.args[key], match.arguments[key])) return got;
  }
  return undefined;
}

function score(name: string, questions: Question[], tools: ModelTool[]): number {
  const misses = questions.flatMap((q) => {
    const miss = judge(q, tools);
    return miss === undefined ? [] : [`  ✗ "${q.text}" → ${miss}`];
  });
  const right = questions.length - misses.length;
  console.log(`${name}: ${right}/${questions.length} right (${Math.round((100 * right) / questions.length)} %)`);
  if (misses.length > 0) console.log(misses.join('\n'));
  return right / questions.length;
}

describe('the shopper question table', () => {
  it('has at least 40 questions, and the offline model gets at least 90 % right on the demo tools', () => {
    expect(SHOP_QUESTIONS.length).toBeGreaterThanOrEqual(40);
    expect(score('demo storefront', SHOP_QUESTIONS, DEMO_TOOLS)).toBeGreaterThanOrEqual(0.9);
  });

  it('gets at least 90 % right on a bookshop with different tools', () => {
    expect(score('bookshop', BOOK_QUESTIONS, BOOK_TOOLS)).toBeGreaterThanOrEqual(0.9);
  });
});
