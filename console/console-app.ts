import { LitElement, html, nothing } from 'lit';
import { consoleAppStyles } from './console-app.styles.js';
import { AdminKeyController } from './controllers/admin-key.js';
import './activity-view.js';
import './audit-view.js';
import './conversations-view.js';
import './origins-view.js';
import './surfaces-view.js';
import './tools-view.js';

/**
 * The operator console: asks for the admin key (kept in `sessionStorage`, sent as a bearer header),
 * then shows surfaces, discovered tools, observed origins, tool activity, conversations and the
 * list of admin changes; the lists refresh themselves every few seconds.
 */
export class WcConsoleApp extends LitElement {
  static override styles = consoleAppStyles;

  private readonly adminKey = new AdminKeyController(this);

  static override properties = {
    revision: { state: true },
  };

  /** Bumped when a surface is saved, so every view re-reads. */
  declare revision: number;

  constructor() {
    super();
    this.revision = 0;
    this.addEventListener('wc-surface-saved', () => this.revision++);
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const key = String(new FormData(event.currentTarget as HTMLFormElement).get('key') ?? '').trim();
    if (key) void this.adminKey.signIn(key);
  }

  #renderSignIn() {
    return html`<section class="sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in</h2>
      <p>
        Enter the server's admin key. It stays in this tab (session storage) and is sent only to this server's admin
        API.
      </p>
      ${this.adminKey.error ? html`<p class="alert" role="alert">${this.adminKey.error}</p>` : nothing}
      <form @submit=${this.#submit}>
        <label>Admin key <input type="password" name="key" required autocomplete="off" spellcheck="false" /></label>
        <button type="submit" ?disabled=${this.adminKey.checking}>Sign in</button>
      </form>
    </section>`;
  }

  override render() {
    const api = this.adminKey.api;
    return html`<header>
        <h1>webmcp-chat console</h1>
        ${api ? html`<button class="secondary" @click=${() => this.adminKey.clear()}>Sign out</button>` : nothing}
      </header>
      <main>
        ${
          api
            ? html`<wc-surfaces-view .api=${api} .revision=${this.revision}></wc-surfaces-view>
                <wc-tools-view .api=${api} .revision=${this.revision}></wc-tools-view>
                <wc-origins-view .api=${api} .revision=${this.revision}></wc-origins-view>
                <wc-activity-view .api=${api} .revision=${this.revision}></wc-activity-view>
                <wc-conversations-view .api=${api} .revision=${this.revision}></wc-conversations-view>
                <wc-audit-view .api=${api} .revision=${this.revision}></wc-audit-view>`
            : this.#renderSignIn()
        }
      </main>`;
  }
}

if (!customElements.get('wc-console-app')) customElements.define('wc-console-app', WcConsoleApp);

declare global {
  interface HTMLElementTagNameMap {
    'wc-console-app': WcConsoleApp;
  }
}
