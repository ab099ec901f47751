/** Browser side of bench/bridge.ts: exposes the bridge's hot paths on `window.bench`. */
import { ChatSession, installPolyfill, type RunUpdate } from '../bridge/index.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function registerTools(count: number): Promise<void> {
  const mc = installPolyfill();
  for (let i = 0; i < count; i++) {
    await mc.registerTool({
      name: `tool_${String(i).padStart(2, '0')}`,
      title: `Tool ${i}`,
      description: `Does thing number ${i} with the catalog: search, filter and sort products by many criteria.`,
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', minLength: 1, maxLength: 200 },
          category: { type: 'string', enum: ['kitchen', 'apparel', 'home', 'stationery'] },
          maxPrice: { type: 'number', minimum: 0 },
          tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
        },
        required: ['query'],
      },
      annotations: { readOnlyHint: i % 2 === 0 },
      execute: (input) => ({ ok: true, input }),
    });
  }
}

/** Snapshots of 50 tools under the surface's rules (from a real init), timed in batches of 20 (timer resolution). */
async function snapshot50(
  apiUrl: string,
  clientToken: string,
  rounds: number,
): Promise<{ medianMs: number; p90Ms: number; offered: number; dropped: number }> {
  await registerTools(50);
  const session = new ChatSession({ apiUrl, clientToken, sessionStorage: null, localStorage: null });
  await session.init();
  const BATCH = 20;
  const times: number[] = [];
  let offered = 0;
  let dropped = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    for (let j = 0; j < BATCH; j++) {
      const snap = await session.snapshot();
      offered = snap.clientTools.length;
      dropped = snap.dropped.length;
    }
    times.push((performance.now() - t) / BATCH);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), p90Ms: sorted[Math.floor(sorted.length * 0.9)]!, offered, dropped };
}

/** Time from the last `await` frame of a pause to the resume request leaving, tool time excluded. */
async function resumeOverhead(
  apiUrl: string,
  clientToken: string,
  rounds: number,
): Promise<{ medianMs: number; samples: number[] }> {
  let resumeLeftAt = 0;
  const realFetch = fetch.bind(globalThis);
  const timedFetch: typeof fetch = (input, init) => {
    if (String(input).endsWith('/v1/client/resume')) resumeLeftAt = performance.now();
    return realFetch(input, init);
  };
  const session = new ChatSession({ apiUrl, clientToken, fetch: timedFetch, sessionStorage: null, localStorage: null });
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let lastAwaitAt = 0;
    let toolMs = 0;
    let toolStart = 0;
    const onUpdate = (u: RunUpdate) => {
      if (u.type === 'event' && u.event.type === 'await') lastAwaitAt = performance.now();
      if (u.type === 'tool-started') toolStart = performance.now();
      if (u.type === 'tool-finished') toolMs += performance.now() - toolStart;
    };
    const outcome = await session.send('/tool tool_00 {"query":"mug"}', { onUpdate });
    if (outcome.status !== 'completed') throw new Error(`run ${i} ended ${outcome.status}`);
    samples.push(resumeLeftAt - lastAwaitAt - toolMs);
  }
  return { medianMs: median(samples), samples };
}

(window as unknown as { bench: unknown }).bench = { snapshot50, resumeOverhead };
