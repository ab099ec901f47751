/**
 * The `code` executor: the tool's function body run in QuickJS compiled to WebAssembly — a fresh
 * runtime per call with a heap limit and a deadline, and no network, file system or host objects.
 * The arguments are `args` and top-level constants named after the parameters.
 */
import { getQuickJS, shouldInterruptAfterDeadline, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { ToolOutcome } from '../../../bridge/protocol/index.js';
import type { CodeToolConfig } from '../config.js';
import type { ServerToolCall, ToolContext, ToolExecutor } from '../executor.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(['args', 'arguments', 'eval', 'let', 'await', 'yield', 'static', 'enum']);

let module: Promise<QuickJSWASMModule> | undefined;

export class CodeExecutor implements ToolExecutor {
  constructor(
    private readonly tool: CodeToolConfig,
    private readonly timeoutMs: number,
  ) {}

  async execute(call: ServerToolCall, ctx: ToolContext): Promise<ToolOutcome> {
    const quickjs = await (module ??= getQuickJS());
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const names = Object.keys(this.tool.parameters?.properties ?? {}).filter(
      (n) => IDENTIFIER.test(n) && !RESERVED.has(n),
    );
    const source =
      `const args = JSON.parse(${JSON.stringify(JSON.stringify(call.arguments))});\n` +
      `const { ${names.join(', ')} } = args;\n` +
      `JSON.stringify((function () {\n${this.tool.code}\n})() ?? null);`;
    const runtime = quickjs.newRuntime();
    try {
      runtime.setMemoryLimit(this.tool.memoryMb * 1024 * 1024);
      runtime.setMaxStackSize(1024 * 1024);
      runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + this.timeoutMs));
      const vm = runtime.newContext();
      try {
        // A script's completion value is its last expression: the JSON text of what the body returned.
        const result = vm.evalCode(source);
        if (result.error) {
          const error = vm.dump(result.error) as unknown;
          result.error.dispose();
          const text = describe(error);
          if (text.endsWith('interrupted'))
            return {
              text: `${this.tool.name} was stopped at its time limit (${this.timeoutMs / 1000} s).`,
              isError: true,
            };
          return { text: `${this.tool.name} threw: ${text}`, isError: true };
        }
        const text = vm.dump(result.value) as unknown;
        result.value.dispose();
        return { text: typeof text === 'string' ? text : 'null', isError: false };
      } finally {
        vm.dispose();
      }
    } finally {
      runtime.dispose();
    }
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string')
      return typeof name === 'string' && name !== 'Error' ? `${name}: ${message}` : message;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}
