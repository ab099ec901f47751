/**
 * Helpers for the element tests: the test server's address, and queries that look through the
 * widget's shadow roots (`<webmcp-chat>` → `<webmcp-chat-panel>` → cards and messages), the way
 * Playwright's CSS locators do.
 */
import { waitUntil } from '@open-wc/testing';
import type { WebmcpChatMessage } from '../chat-message.js';

export const { apiUrl, clientToken } = (
  window as unknown as { __WEBMCP_TEST__: { apiUrl: string; clientToken: string } }
).__WEBMCP_TEST__;

/** Every element matching `selector` in `root` and in the open shadow roots below it, in document order. */
export function deepAll<T extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): T[] {
  const found: T[] = [];
  const visit = (node: Element | ShadowRoot | Document) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.matches(selector)) found.push(el as T);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(root instanceof Element && root.shadowRoot ? root.shadowRoot : root);
  return found;
}

export function deep<T extends Element = HTMLElement>(
  root: Element | ShadowRoot | Document,
  selector: string,
): T | null {
  return deepAll<T>(root, selector)[0] ?? null;
}

/** The element with `part~=name` inside `el`'s shadow tree. */
export function part<T extends Element = HTMLElement>(el: Element, name: string): T | null {
  return deep<T>(el, `[part~="${name}"]`);
}

/** The innermost focused element, through shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** `[role, text]` of every message bubble, welcome included. */
export function messages(el: Element): Array<[string, string]> {
  return deepAll<WebmcpChatMessage>(el, '[part~=message]').map((m) => [m.dataset.role ?? '', m.text]);
}

/** Waits until the run is over: the send button is back. */
export async function idle(el: Element, timeout = 8000): Promise<void> {
  await waitUntil(() => part(el, 'send') !== null && part(el, 'stop') === null, 'the run did not finish', { timeout });
}

/** Resolves with the next `type` event on `target`, after `action` has run. */
export function nextEvent<E extends Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as E), { once: true }));
}

/** Forgets every persisted transcript, pause and consent, so tests never see each other's conversations. */
export function isolate(storageKeyPrefix = 'webmcp-chat:'): void {
  for (const storage of [sessionStorage, localStorage]) {
    for (const key of Object.keys(storage)) if (key.startsWith(storageKeyPrefix)) storage.removeItem(key);
  }
}
