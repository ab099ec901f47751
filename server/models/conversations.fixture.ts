/**
 * The shared conversation scripts: each one is played by the offline model (through its
 * directives) and by the real adapters (through fake-provider turn scripts), and must look the
 * same to the widget. Not a test file.
 */
import type { ClientTool } from '../../bridge/protocol/index.js';
import type { FakeRequestView, FakeTurn } from './fakes/index.js';
import { SEARCH_PRODUCTS, tool } from '../test-helpers.js';

/** A second page tool, for the chained conversation. */
export const ADD_TO_CART: ClientTool = tool('add_to_cart', {
  description: 'Put a product in the cart.',
  parametersSchema: {
    type: 'object',
    properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
    required: ['sku'],
  },
});

/** The page tools every conversation offers. */
export const CONVERSATION_TOOLS: ClientTool[] = [SEARCH_PRODUCTS, ADD_TO_CART];

/** A tool call as the widget sees it in `await`. */
export interface ExpectedCall {
  toolName: string;
  parameters: Record<string, unknown>;
}

/** One page result per pending call. */
export interface PageResult {
  text: string;
  isError?: boolean;
}

/** One conversation: what the user says, the provider turns that play it, and what the widget must see. */
export interface Conversation {
  name: string;
  /** What the user types; the offline model obeys it as directives (the fakes ignore it). */
  message: string;
  /** The same conversation as provider turns. */
  turns: FakeTurn[];
  /** Per pause: the calls the widget must be asked to run. */
  pauses: ExpectedCall[][];
  /** Per pause: what the page answers, in call order. */
  results: PageResult[][];
  /**
   * The final reply must contain each of these (the results' data, which every model words its own
   * way: the fakes quote the JSON, the offline model writes prose); or the run must fail with this message.
   */
  outcome: { replyContains: string[] } | { error: string };
}

const MUG = '[{"sku":"MUG-1","name":"Blue mug","price":12}]';
const CUP = '[{"sku":"CUP-7","name":"Espresso cup","price":6}]';
const ADDED = '{"cart":[{"sku":"MUG-1","quantity":1}],"total":12}';

/** A provider answer that quotes the tool results it was sent, as a model would use them. */
const answerFromResults = ({ toolResults }: FakeRequestView): string =>
  `Here is what I found: ${toolResults.join(' and ')}`;

const search = (query: string) => ({ name: 'webmcp__search_products', arguments: { query } });

/** A plain answer, one call, two parallel calls, a chained call, and a model error. */
export const CONVERSATIONS: Conversation[] = [
  {
    name: 'a plain answer',
    message: '/echo Hello! Ask me about mugs, cups and your cart.',
    turns: [{ text: 'Hello! Ask me about mugs, cups and your cart.' }],
    pauses: [],
    results: [],
    outcome: { replyContains: ['Hello! Ask me about mugs, cups and your cart.'] },
  },
  {
    name: 'one tool call, then an answer from its result',
    message: '/tool search_products {"query":"mug"}',
    turns: [{ toolCalls: [search('mug')] }, { text: answerFromResults }],
    pauses: [[{ toolName: 'search_products', parameters: { query: 'mug' } }]],
    results: [[{ text: MUG }]],
    outcome: { replyContains: ['Blue mug', '12'] },
  },
  {
    name: 'two parallel calls to the same tool',
    message: '/tool search_products {"query":"mug"}\n/tool search_products {"query":"cup"}',
    turns: [{ toolCalls: [search('mug'), search('cup')] }, { text: answerFromResults }],
    pauses: [
      [
        { toolName: 'search_products', parameters: { query: 'mug' } },
        { toolName: 'search_products', parameters: { query: 'cup' } },
      ],
    ],
    results: [[{ text: MUG }, { text: CUP }]],
    outcome: { replyContains: ['Blue mug', '12', 'Espresso cup', '6'] },
  },
  {
    name: 'a chained call (the second call uses the first result)',
    message: '/tool search_products {"query":"mug"}\n/then\n/tool add_to_cart {"sku":"MUG-1","quantity":1}',
    turns: [
      { toolCalls: [search('mug')] },
      { toolCalls: [{ name: 'webmcp__add_to_cart', arguments: { sku: 'MUG-1', quantity: 1 } }] },
      { text: answerFromResults },
    ],
    pauses: [
      [{ toolName: 'search_products', parameters: { query: 'mug' } }],
      [{ toolName: 'add_to_cart', parameters: { sku: 'MUG-1', quantity: 1 } }],
    ],
    results: [[{ text: MUG }], [{ text: ADDED }]],
    outcome: { replyContains: ['MUG-1', '12'] },
  },
  {
    name: 'a model error',
    message: '/error The model is unavailable right now',
    turns: [{ quirks: { midStreamError: 'The model is unavailable right now' } }],
    pauses: [],
    results: [],
    outcome: { error: 'The model is unavailable right now' },
  },
];
