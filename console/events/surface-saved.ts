import type { Surface } from '../admin-api.js';

/** A surface was saved through the admin API; the console re-reads what depends on it. */
export class SurfaceSavedEvent extends Event {
  static readonly eventName = 'wc-surface-saved';

  constructor(readonly surface: Surface) {
    super(SurfaceSavedEvent.eventName, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'wc-surface-saved': SurfaceSavedEvent;
  }
}
