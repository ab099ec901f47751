import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AdminApiError, surfaceBody, type AdminApi, type Surface, type SurfaceBody } from '../admin-api.js';

/**
 * Saves surface edits: re-reads the surface (so an edit made elsewhere meanwhile is kept), applies
 * the edit, `PUT`s it. A refusal leaves `issues` (the server's `path: message` lines) for the host
 * to show next to the form; one save at a time per host.
 */
export class SurfaceSaveController implements ReactiveController {
  /** True while a save is under way. */
  saving = false;
  /** Why the last save was refused; empty after a success. */
  issues: readonly string[] = [];
  #abort: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** Applies `edit` to surface `id` and saves it; the saved surface, or `undefined` when refused. */
  async save(api: AdminApi, id: string, edit: (body: SurfaceBody) => SurfaceBody): Promise<Surface | undefined> {
    if (this.saving) return undefined;
    const abort = new AbortController();
    this.#abort = abort;
    this.saving = true;
    this.host.requestUpdate();
    try {
      const current = await api.surface(id, abort.signal);
      const saved = await api.putSurface(id, edit(surfaceBody(current)), abort.signal);
      this.issues = [];
      return saved;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      this.issues =
        error instanceof AdminApiError
          ? error.issues.length > 0
            ? error.issues
            : [error.hint || error.code]
          : [String(error)];
      return undefined;
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }
}
