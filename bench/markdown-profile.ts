/**
 * CPU profile of one markdown benchmark path in Chromium: streams one shape N times and prints the
 * functions with the most self time (and their callers' totals).
 *
 *   npx tsx bench/markdown-profile.ts [ours|element|smd] [shape] [sizeKB] [repeat]
 *   npx tsx bench/markdown-profile.ts count     (characters scanned and nodes created per character, by shape)
 *
 * `CALLERS=fnA,fnB` also prints who calls those functions. Run it under `flock /tmp/browser.lock`.
 */
import { bundlePage, launchChromium, servePage } from './support/browser.js';

const [which = 'element', shape = 'mixed', kb = '32', repeat = '20'] = process.argv.slice(2);
const { origin, server } = await servePage(await bundlePage('bench/markdown-profile-page.ts'));
const browser = await launchChromium();
try {
  const tab = await browser.newPage();
  await tab.goto(origin);
  const run = (n: number) =>
    tab.evaluate(([w, s, size, r]) => (window as any).profileBench(w, s, size, r), [
      which,
      shape,
      Number(kb) * 1024,
      n,
    ] as const);
  if (which === 'count') {
    for (const sh of ['paragraph', 'blockquote', 'json', 'list', 'table', 'code', 'mixed'])
      console.log(
        sh,
        JSON.stringify(await tab.evaluate(([s2, n]) => (window as any).countWork(s2, n), [sh, 32 * 1024] as const)),
      );
    process.exit(0);
  }
  await run(3);
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const times: number[] = await run(Number(repeat));
  const { profile } = await cdp.send('Profiler.stop');
  times.sort((a, b) => a - b);
  console.log(
    `${which}/${shape}/${kb}KB ms: median ${times[times.length >> 1]!.toFixed(1)} min ${times[0]!.toFixed(1)}`,
  );
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map<number, number>();
  for (const s of profile.samples ?? []) counts.set(s, (counts.get(s) ?? 0) + 1);
  let total = 0;
  for (const [id, c] of counts) {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const k = `${f.functionName || '(anon)'} ${f.url ? `L${f.lineNumber + 1}` : ''}`;
    self.set(k, (self.get(k) ?? 0) + c);
    total += c;
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const [id, c] of counts) {
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame;
      const k = `${f.functionName || '(anon)'} ${f.url ? `L${f.lineNumber + 1}` : ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + c);
    }
  }
  console.log('--- inclusive');
  for (const [k, c] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 45))
    console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
  for (const target of (process.env.CALLERS ?? '').split(',').filter(Boolean)) {
    const by = new Map<string, number>();
    for (const [id, c] of counts) {
      let x: number | undefined = id;
      while (x !== undefined && byId.get(x)!.callFrame.functionName !== target) x = parent.get(x);
      if (x === undefined) continue;
      const chain: string[] = [];
      for (let y = parent.get(x); y !== undefined && chain.length < 3; y = parent.get(y))
        chain.push(byId.get(y)!.callFrame.functionName);
      const k = chain.join(' < ');
      by.set(k, (by.get(k) ?? 0) + c);
    }
    console.log(`--- callers of ${target}`);
    for (const [k, c] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
  console.log('--- self');
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [k, c] of top) console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
} finally {
  await browser.close();
  server.close();
}
