import type { WebmcpBackend } from '../discovery/index.js';

/**
 * Resolves once the page has loaded and its tool list has been quiet for `quietMs` (pages register
 * tools from module scripts and after async work), or after `maxMs` at the latest.
 */
export async function whenToolsSettle(backend: WebmcpBackend, quietMs = 150, maxMs = 3000): Promise<void> {
  const deadline = Date.now() + maxMs;
  if (typeof document !== 'undefined' && document.readyState !== 'complete') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      addEventListener('load', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
  await new Promise<void>((resolve) => {
    let timer: ReturnType<typeof setTimeout>;
    const finish = () => {
      unsubscribe();
      clearTimeout(cap);
      resolve();
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    const unsubscribe = backend.subscribe(arm);
    const cap = setTimeout(finish, Math.max(0, deadline - Date.now()));
    arm();
  });
}
