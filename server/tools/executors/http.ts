/** The `http` executor: the tool's URL, headers and body templates filled and sent; the response is the result. */
import type { ToolOutcome } from '../../../bridge/protocol/index.js';
import type { HttpToolConfig } from '../config.js';
import type { ServerToolCall, ToolContext, ToolExecutor } from '../executor.js';
import type { Secret } from '../secret.js';
import { renderJsonBody, renderText, renderUrl, type TemplateValues } from '../template.js';
import { responseOutcome } from './response.js';

export class HttpExecutor implements ToolExecutor {
  constructor(
    private readonly tool: HttpToolConfig,
    private readonly secrets: ReadonlyMap<string, Secret | undefined>,
  ) {}

  async execute(call: ServerToolCall, ctx: ToolContext): Promise<ToolOutcome> {
    const values: TemplateValues = {
      args: call.arguments,
      secrets: this.secrets,
      sessionId: ctx.sessionId,
      surfaceId: ctx.surfaceId,
      runId: ctx.runId,
    };
    // The only place secrets are revealed: into the request itself.
    const headers: Record<string, string> = {};
    for (const [name, template] of Object.entries(this.tool.headers ?? {}))
      headers[name] = renderText(template, values);
    let body: string | undefined;
    if (this.tool.body !== undefined && this.tool.method !== 'GET') {
      body = JSON.stringify(renderJsonBody(this.tool.body, values));
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(renderUrl(this.tool.url, values), {
      method: this.tool.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      redirect: 'manual',
      signal: ctx.signal,
    });
    return responseOutcome(this.tool.name, response);
  }
}
