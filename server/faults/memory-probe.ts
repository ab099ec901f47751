/**
 * Preloaded into a server process by `bench/server.ts` (`node --expose-gc --import tsx --import
 * ./server/faults/memory-probe.ts server/cli.ts …`): on SIGUSR2 it collects garbage (when `gc` is
 * exposed) and prints one `[memory] {json}` line with `process.memoryUsage()`. It changes nothing
 * else in the server. Not a test file.
 */
export {};

process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stdout.write(`[memory] ${JSON.stringify({ ...process.memoryUsage(), at: Date.now() })}\n`);
});
