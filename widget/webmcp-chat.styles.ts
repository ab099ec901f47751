/**
 * The launcher's stylesheet, adopted by every `<webmcp-chat>` shadow root (a constructed
 * stylesheet, so a CSP without `'unsafe-inline'` styles is fine). It also holds the theme: the
 * public `--webmcp-chat-*` custom properties are read once here, with a light or dark default, into
 * private `--_*` tokens that the panel and its parts inherit. And it places the panel box: fixed in
 * a corner (`position`), or filling the element's container (`mode="inline"`).
 *
 * Plain CSS text, not Lit's `css`: the launcher ships without Lit.
 */
const light = `--_bg:var(--webmcp-chat-surface,#fff);--_fg:var(--webmcp-chat-fg,#1c1e24);--_muted:var(--webmcp-chat-muted,#555a69);--_border:var(--webmcp-chat-border,#d8dbe2);--_accent:var(--webmcp-chat-accent,#3151d3);--_accent-fg:var(--webmcp-chat-accent-fg,#fff);--_bubble:var(--webmcp-chat-bubble-bg,#eef0f4);--_tool:var(--webmcp-chat-tool-bg,#f6f7f9);--_input:var(--webmcp-chat-input-bg,#fff);--_err-bg:var(--webmcp-chat-error-bg,#fbe2e2);--_err-fg:var(--webmcp-chat-error-fg,#8a1f1f);--_ok-bg:var(--webmcp-chat-success-bg,#dff3e4);--_ok-fg:var(--webmcp-chat-success-fg,#1d5e31);--_focus:var(--webmcp-chat-focus,#3151d3);color-scheme:light;`;
const dark = `--_bg:var(--webmcp-chat-surface,#1b1d23);--_fg:var(--webmcp-chat-fg,#e8eaf0);--_muted:var(--webmcp-chat-muted,#a9aebd);--_border:var(--webmcp-chat-border,#3a3e4a);--_accent:var(--webmcp-chat-accent,#8ea1ff);--_accent-fg:var(--webmcp-chat-accent-fg,#0b1020);--_bubble:var(--webmcp-chat-bubble-bg,#2a2d36);--_tool:var(--webmcp-chat-tool-bg,#23262e);--_input:var(--webmcp-chat-input-bg,#14161b);--_err-bg:var(--webmcp-chat-error-bg,#4a1f22);--_err-fg:var(--webmcp-chat-error-fg,#ffd0d0);--_ok-bg:var(--webmcp-chat-success-bg,#1f3d2a);--_ok-fg:var(--webmcp-chat-success-fg,#c4f2d2);--_focus:var(--webmcp-chat-focus,#a9b7ff);color-scheme:dark;`;

export const launcherStyles = `
:host {
  all: initial;
  display: contents;
  font-family: var(--webmcp-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  font-size: var(--webmcp-chat-font-size, 15px);
  line-height: 1.45;
  color: var(--_fg);
  --_offset: var(--webmcp-chat-offset, 20px);
  --_z: var(--webmcp-chat-z-index, 2147483000);
  --_radius: var(--webmcp-chat-radius, 14px);
  ${light}
}
:host([theme='dark']) { ${dark} }
@media (prefers-color-scheme: dark) { :host([theme='auto']) { ${dark} } }
:host([hidden]) { display: none; }
:host([mode='inline']) { display: block; height: 100%; }
.launcher {
  position: fixed;
  z-index: var(--_z);
  right: var(--_offset);
  bottom: var(--_offset);
  width: 56px;
  height: 56px;
  padding: 0;
  border: 0;
  border-radius: 50%;
  cursor: pointer;
  display: grid;
  place-items: center;
  background: var(--_accent);
  color: var(--_accent-fg);
  box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
}
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
.launcher[aria-expanded='true'] .bubble, .launcher[aria-expanded='false'] .x { display: none; }
.launcher[aria-busy='true'] svg { animation: webmcp-chat-pulse 0.9s ease-in-out infinite alternate; }
.launcher:focus-visible { outline: 2px solid var(--_focus); outline-offset: 3px; }
@keyframes webmcp-chat-pulse { to { opacity: 0.35; } }
:host([mode='inline']) .launcher { display: none; }
.panel { position: fixed; z-index: var(--_z); right: var(--_offset); bottom: calc(var(--_offset) + 68px); }
:host([position^='top']) .launcher { top: var(--_offset); bottom: auto; }
:host([position^='top']) .panel { top: calc(var(--_offset) + 68px); bottom: auto; }
:host([position$='left']) .launcher, :host([position$='left']) .panel { left: var(--_offset); right: auto; }
:host([mode='inline']) .panel { position: static; display: block; height: 100%; }
.panel[hidden] { display: none; }
@media (max-width: 480px) {
  :host(:not([mode='inline'])) .panel { inset: 0; width: auto; height: auto; max-height: 100dvh; }
  :host([open]:not([mode='inline'])) .launcher { display: none; }
}
.skeleton { display: flex; flex-direction: column; gap: 10px; padding: 16px; background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); box-sizing: border-box; }
:host(:not([mode='inline'])) .skeleton { width: min(400px, calc(100vw - 2 * var(--_offset))); height: min(600px, calc(100vh - 120px)); }
:host([mode='inline']) .skeleton { position: static; height: 100%; }
.skeleton i { display: block; height: 14px; border-radius: 7px; background: var(--_bubble); width: 60%; }
.skeleton i:first-child { width: 35%; height: 18px; }
@media (prefers-reduced-motion: reduce) { .launcher[aria-busy='true'] svg { animation: none; } }
`;
