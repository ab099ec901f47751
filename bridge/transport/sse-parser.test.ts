import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from './sse-parser.js';

/** Feeds `chunks` in order, ends the stream, and returns what was dispatched. */
function parse(...chunks: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = new SseParser((m) => messages.push(m));
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return messages;
}

const STREAM =
  '\uFEFF: ping\r\n' +
  'event: execution_start\r\nid: 1\r\ndata: {"seq":1}\r\n\r\n' +
  'data: first line\ndata: second line\n\n' +
  'event: text_delta\rid: 2\rdata: {"delta":"héllo 👋"}\r\r' +
  ': keep-alive\n' +
  'retry: 1500\ndata\n\n' +
  'id: 3\nevent: await\ndata: {"seq":3}\r\n\r\n';

const EXPECTED: SseMessage[] = [
  { event: 'execution_start', id: '1', data: '{"seq":1}' },
  { event: 'message', id: '1', data: 'first line\nsecond line' },
  { event: 'text_delta', id: '2', data: '{"delta":"héllo 👋"}' },
  { event: 'message', id: '2', data: '', retry: 1500 },
  { event: 'await', id: '3', data: '{"seq":3}' },
];

describe('SseParser', () => {
  it('ends lines on LF, CRLF and CR alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      expect(parse(`event: a${eol}data: x${eol}${eol}data: y${eol}${eol}`), JSON.stringify(eol)).toEqual([
        { event: 'a', data: 'x', id: '' },
        { event: 'message', data: 'y', id: '' },
      ]);
    }
  });

  it('treats a CR ending one chunk and a LF starting the next as one line break', () => {
    expect(parse('data: a\r', '\ndata: b\r', '\n\r', '\n')).toEqual([{ event: 'message', data: 'a\nb', id: '' }]);
  });

  it('keeps a pending CR across an empty chunk (a decoder holding back half a character)', () => {
    // Without the pending CR, the LF after the empty chunk would be a blank line and dispatch "a" early.
    expect(parse('data: a\r', '', '\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb', id: '' }]);
  });

  it('gives the same messages however the stream is split into two or three chunks', () => {
    expect(parse(STREAM)).toEqual(EXPECTED);
    for (let i = 0; i <= STREAM.length; i++) {
      expect(parse(STREAM.slice(0, i), STREAM.slice(i)), `split at ${i}`).toEqual(EXPECTED);
    }
    for (let i = 0; i <= STREAM.length; i += 7) {
      for (let j = i; j <= STREAM.length; j++) {
        expect(parse(STREAM.slice(0, i), STREAM.slice(i, j), STREAM.slice(j)), `split at ${i}, ${j}`).toEqual(EXPECTED);
      }
    }
  });

  it('gives the same messages when fed one character at a time', () => {
    expect(parse(...STREAM)).toEqual(EXPECTED);
  });

  it('joins data lines with LF and keeps empty data lines', () => {
    expect(parse('data: a\ndata:\ndata: c\n\n')).toEqual([{ event: 'message', data: 'a\n\nc', id: '' }]);
  });

  it('removes exactly one space after the colon', () => {
    expect(parse('data:no-space\n\ndata:  two spaces\n\n').map((m) => m.data)).toEqual(['no-space', ' two spaces']);
  });

  it('ignores comments, including a keep-alive ping between fields of one event', () => {
    expect(parse(': ping\n\n', 'data: a\n: ping\ndata: b\n\n', ':\n\n')).toEqual([
      { event: 'message', data: 'a\nb', id: '' },
    ]);
  });

  it('keeps the last id for later messages until a new one arrives, and exposes it for reconnects', () => {
    const messages: SseMessage[] = [];
    const parser = new SseParser((m) => messages.push(m));
    parser.feed('id: 7\ndata: a\n\ndata: b\n\nid: 9\ndata: c\n\n');
    expect(messages.map((m) => m.id)).toEqual(['7', '7', '9']);
    expect(parser.lastEventId).toBe('9');
  });

  it('ignores an id containing NUL and clears the id with an empty one', () => {
    expect(parse('id: 4\ndata: a\n\nid: 5\0x\ndata: b\n\nid\ndata: c\n\n').map((m) => m.id)).toEqual(['4', '4', '']);
  });

  it('defaults the event type to "message" and resets it after each dispatch', () => {
    expect(parse('event: custom\ndata: a\n\ndata: b\n\n').map((m) => m.event)).toEqual(['custom', 'message']);
  });

  it('does not dispatch an event that has no data field, and does not carry its type over', () => {
    expect(parse('event: lonely\nid: 1\n\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x', id: '1' }]);
  });

  it('skips one leading byte-order mark, and only at the very start', () => {
    expect(parse('\uFEFFdata: a\n\n')).toEqual([{ event: 'message', data: 'a', id: '' }]);
    expect(parse('', '\uFEFF', 'data: a\n\n')).toEqual([{ event: 'message', data: 'a', id: '' }]);
    // A BOM later in the stream is part of a field name, which is then unknown and ignored.
    expect(parse('data: a\n\n\uFEFFdata: b\n\n').map((m) => m.data)).toEqual(['a']);
  });

  it('treats a line without a colon as a field with an empty value', () => {
    expect(parse('data\ndata\n\n')).toEqual([{ event: 'message', data: '\n', id: '' }]);
    expect(parse('event\ndata: x\n\n')[0]!.event).toBe('message');
  });

  it('reads retry only when it is all digits, and only on the message that carried it', () => {
    expect(parse('retry: 3000\ndata: a\n\ndata: b\n\nretry: 12x\ndata: c\n\n')).toEqual([
      { event: 'message', data: 'a', id: '', retry: 3000 },
      { event: 'message', data: 'b', id: '' },
      { event: 'message', data: 'c', id: '' },
    ]);
  });

  it('ignores unknown fields', () => {
    expect(parse('foo: bar\ndata: a\nData: B\n\n')).toEqual([{ event: 'message', data: 'a', id: '' }]);
  });

  it('drops an unterminated final event on end()', () => {
    expect(parse('data: complete\n\ndata: cut off')).toEqual([{ event: 'message', data: 'complete', id: '' }]);
    // Terminated line but no blank line: still not an event.
    expect(parse('data: complete\n\nevent: x\ndata: cut off\n')).toHaveLength(1);
  });

  it('dispatches synchronously from feed, as soon as the blank line arrives', () => {
    const messages: SseMessage[] = [];
    const parser = new SseParser((m) => messages.push(m));
    parser.feed('data: a\n');
    expect(messages).toHaveLength(0);
    parser.feed('\n');
    expect(messages).toHaveLength(1);
  });
});
