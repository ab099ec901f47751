/** The console element tests' admin client, against the seeded server (see `console-api.ts`). Not a test file. */
import { AdminApi } from '../admin-api.js';

const { consoleAdminKey } = (window as unknown as { __WEBMCP_TEST__: { consoleAdminKey: string } }).__WEBMCP_TEST__;

/** A fresh client (its own ETag cache) for the seeded console server. */
export function testApi(): AdminApi {
  return new AdminApi(consoleAdminKey);
}

/** Resolves once `check` returns something truthy, re-checking after each update of `el`. */
export async function until<T>(
  el: { updateComplete: Promise<boolean> },
  check: () => T | undefined | null | false,
): Promise<T> {
  for (;;) {
    const value = check();
    if (value) return value;
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
