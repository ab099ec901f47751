import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { AdminApi } from './admin-api.js';

/**
 * What every console view shares: the admin API client it reads from and the app's `revision`,
 * bumped when data changed elsewhere. Subclasses reload when `apiChanged()` says so.
 */
export class ApiView extends LitElement {
  // Subclasses list only their own properties; Lit adds these inherited ones.
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    revision: { type: Number },
  };

  /** The admin API client. */
  declare api: AdminApi | undefined;
  /** Bumped by the app when data changed elsewhere: reloads. */
  declare revision: number;

  constructor() {
    super();
    this.api = undefined;
    this.revision = 0;
  }

  /** True when there is a client and it, or the revision, just changed: time to (re)load. */
  protected apiChanged(changed: PropertyValues<this>): boolean {
    return !!this.api && (changed.has('api') || changed.has('revision'));
  }
}
