/**
 * The `webhook` executor: the call's arguments POSTed as JSON to the tool's URL, signed the
 * Standard Webhooks way, with the call's place in its group in headers; the 2xx body is the result.
 */
import type { ToolOutcome } from '../../../bridge/protocol/index.js';
import { webhookHeaders } from '../../webhooks/signature.js';
import { newId } from '../../engine/ids.js';
import type { WebhookToolConfig } from '../config.js';
import type { ServerToolCall, ToolContext, ToolExecutor } from '../executor.js';
import type { Secret } from '../secret.js';
import { decodeSecret } from '../../webhooks/signature.js';
import { responseOutcome } from './response.js';

export class WebhookExecutor implements ToolExecutor {
  constructor(
    private readonly tool: WebhookToolConfig,
    private readonly secret: Secret | undefined,
  ) {}

  async execute(call: ServerToolCall, ctx: ToolContext): Promise<ToolOutcome> {
    if (!this.secret) return { text: `${this.tool.name}: the signing secret is not set on the server.`, isError: true };
    const body = JSON.stringify(call.arguments);
    const signing = webhookHeaders(
      decodeSecret(this.secret.reveal()),
      newId('msg'),
      Math.floor(Date.now() / 1000),
      body,
    );
    const response = await fetch(this.tool.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signing,
        'x-webmcp-chat-tool-call-id': call.toolCallId,
        'x-webmcp-chat-group-id': ctx.group.id,
        'x-webmcp-chat-group-index': String(ctx.group.index),
        'x-webmcp-chat-group-length': String(ctx.group.length),
        'x-webmcp-chat-tool-name': call.name,
        'x-webmcp-chat-session-id': ctx.sessionId,
      },
      body,
      redirect: 'manual',
      signal: ctx.signal,
    });
    return responseOutcome(this.tool.name, response);
  }
}
