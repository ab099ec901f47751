import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AdminApi } from '../admin-api.js';
import { describeError } from '../format.js';

const STORAGE_KEY = 'webmcp-chat:console:admin-key';

/** The admin key for this tab: kept in `sessionStorage` (gone when the tab closes), never in the URL. */
export class AdminKeyController implements ReactiveController {
  /** The stored key, or `''` when signed out. */
  key = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.key = this.#storage()?.getItem(STORAGE_KEY) ?? '';
    this.host.requestUpdate();
  }

  hostDisconnected(): void {}

  /** True while a key is being checked. */
  checking = false;
  /** Why the last key was refused; `''` otherwise. */
  error = '';

  /** The API client for the stored key, `undefined` when signed out. */
  get api(): AdminApi | undefined {
    if (!this.key) return undefined;
    if (this.#api?.key !== this.key) this.#api = new AdminApi(this.key);
    return this.#api;
  }

  #api: AdminApi | undefined;

  /** Checks `key` against the admin API and keeps it when accepted. */
  async signIn(key: string): Promise<void> {
    this.checking = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      await new AdminApi(key).surfaces();
      this.set(key);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.checking = false;
      this.host.requestUpdate();
    }
  }

  set(key: string): void {
    this.key = key;
    this.#storage()?.setItem(STORAGE_KEY, key);
    this.host.requestUpdate();
  }

  clear(): void {
    this.key = '';
    this.#storage()?.removeItem(STORAGE_KEY);
    this.host.requestUpdate();
  }

  #storage(): Storage | undefined {
    try {
      return sessionStorage;
    } catch {
      return undefined; // storage blocked: the key lives only as long as the page
    }
  }
}
