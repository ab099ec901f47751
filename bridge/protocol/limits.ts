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
  /** Per-request server tools (`runtimeTools`) on the API-key path. */
  maxRuntimeTools: 50,
  /** Entries of a dispatch request's `secrets`. */
  maxRequestSecrets: 64,
  /** Bytes of a request body on the API-key path (it carries the whole conversation). */
  maxDispatchBodyBytes: 2 * 1024 * 1024,
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
  tooManyRuntimeTools: 'runtime_tools_too_many',
  tooManyRequestSecrets: 'secrets_too_many',
} as const;

export type LimitCode = (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES];

/** The first limit one client tool breaks: the code, the field and what is wrong with it. */
export interface ClientToolProblem {
  code: LimitCode;
  field: 'name' | 'description' | 'parametersSchema';
  /** Says what the field must be, e.g. `must be 1–1024 characters; got 0.` */
  message: string;
}

/**
 * Checks one client tool against the per-tool limits, in the order both sides apply them: name
 * pattern, duplicate name, description length, schema depth, schema bytes. The bridge leaves a
 * tool that fails out of the snapshot (reporting `code`); the server answers 400 with `code` and
 * `clientTools.<i>.<field> <message>`. `seen` holds the names already accepted.
 */
export function clientToolProblem(
  tool: { name: string; description: string; parametersSchema?: unknown },
  seen: { has(name: string): boolean },
): ClientToolProblem | undefined {
  if (!LIMITS.toolNamePattern.test(tool.name)) {
    return {
      code: LIMIT_CODES.badToolName,
      field: 'name',
      message: `must match ${LIMITS.toolNamePattern.source} (a bare name, no "webmcp:" prefix).`,
    };
  }
  if (seen.has(tool.name))
    return { code: LIMIT_CODES.duplicateTool, field: 'name', message: `"${tool.name}" appears twice.` };
  const length = tool.description.length;
  if (length < LIMITS.minDescriptionLength || length > LIMITS.maxDescriptionLength) {
    return {
      code: LIMIT_CODES.badDescription,
      field: 'description',
      message: `must be ${LIMITS.minDescriptionLength}–${LIMITS.maxDescriptionLength} characters; got ${length}.`,
    };
  }
  if (tool.parametersSchema === undefined) return undefined;
  if (jsonDepth(tool.parametersSchema) > LIMITS.maxSchemaDepth) {
    return {
      code: LIMIT_CODES.schemaTooDeep,
      field: 'parametersSchema',
      message: `nests deeper than ${LIMITS.maxSchemaDepth} levels.`,
    };
  }
  if (utf8Length(JSON.stringify(tool.parametersSchema)) > LIMITS.maxSchemaBytes) {
    return {
      code: LIMIT_CODES.schemaTooLarge,
      field: 'parametersSchema',
      message: `is larger than ${LIMITS.maxSchemaBytes} bytes.`,
    };
  }
  return undefined;
}

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
