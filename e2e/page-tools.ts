/**
 * Extra page tools for the bridge's hard cases, registered by an init script on every page load
 * (so they come back after a reload, as a page's own tools would).
 */
export const PAGE_TOOLS_SCRIPT = `
document.addEventListener('DOMContentLoaded', () => {
  const mc = document.modelContext;
  if (!mc) return;
  window.__toolLog = [];
  mc.registerTool({
    name: 'never_returns',
    description: 'A tool that never finishes, for timeout tests',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
    execute: () => { window.__toolLog.push('never_returns'); return new Promise(() => {}); },
  });
  mc.registerTool({
    name: 'slow_tool',
    description: 'A tool that takes ten seconds unless aborted',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
    execute: (input, { signal }) => new Promise((resolve, reject) => {
      window.__toolLog.push('slow_tool');
      const timer = setTimeout(() => resolve('slow done'), 10000);
      signal.addEventListener('abort', () => { clearTimeout(timer); window.__slowAborted = true; reject(new DOMException('aborted', 'AbortError')); });
    }),
  });
  mc.registerTool({
    name: 'reload_page',
    description: 'Reloads the page while it runs',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
    execute: () => {
      sessionStorage.setItem('reload_page_runs', String(Number(sessionStorage.getItem('reload_page_runs') || 0) + 1));
      location.reload();
      return new Promise(() => {});
    },
  });
});
`;
