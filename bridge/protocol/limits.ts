/**
 * Wire limits shared by the bridge (which refuses to send over-limit tools) and the server (which
 * answers 400 with the matching code). One table so both sides always agree.
 */
export const LIMITS = {
  /** Most client tools in one request. */
  maxClientTools: 50,
  /** Bytes of the JSON-encoded `clientTools` array. */
  maxClientToolsBytes: 64 * 1024,
  /** Tool name pattern (bare name, no `webmcp:` prefix). */
  toolNamePattern: /^[A-Za-z0-9_.-]{1,128}$/,
  /** Description length in characters. */
  minDescriptionLength: 1,
  maxDescriptionLength: 1024,
  /** Nesting depth of a parameters schema. */
  maxSchemaDepth: 16,
  /** Bytes of one JSON-encoded parameters schema. */
  maxSchemaBytes: 16 * 1024,
  /** Bytes of a request body on the client routes. */
  maxBodyBytes: 512 * 1024,
  /** Characters of one user message. */
  maxMessageLength: 16 * 1024,
  /** Messages accepted in one chat request. */
  maxMessages: 100,
  /** Entries of `droppedTools` in one chat request (the tools the page left out, names only). */
  maxDroppedTools: 100,
  /** Characters of one `droppedTools` name (a name can be dropped for being malformed, so any text up to this). */
  maxDroppedToolName: 128,
} as const;

/** Error codes for each limit, as sent in `{error}` bodies and used in bridge drop reasons. */
export const LIMIT_CODES = {
  tooManyTools: 'client_tools_too_many',
  toolsTooLarge: 'client_tools_too_large',
  badToolName: 'client_tool_name_invalid',
  badDescription: 'client_tool_description_invalid',
  schemaTooDeep: 'client_tool_schema_too_deep',
  schemaTooLarge: 'client_tool_schema_too_large',
  duplicateTool: 'client_tool_duplicate',
  bodyTooLarge: 'body_too_large',
  messageTooLong: 'message_too_long',
  tooManyMessages: 'too_many_messages',
  tooManyDroppedTools: 'dropped_tools_too_many',
  droppedToolNameTooLong: 'dropped_tool_name_too_long',
} as const;

export type LimitCode = (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES];

/** Depth of a JSON value: a scalar is 0, `{}`/`[]` are 1, and so on. Iterative, so hostile input cannot overflow the stack. */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') {
      if (d > max) max = d;
      continue;
    }
    const depth = d + 1;
    if (depth > max) max = depth;
    if (depth > 64) return depth; // deeper than any limit: stop walking
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth]);
  }
  return max;
}

/** UTF-8 byte length of a string, without allocating an encoder per call in the browser. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
