/**
 * The ratios `bench/server.ts` prints from its results: per store, a resume against a chat and p99
 * against p50, an idle chat stream against an idle follower; across stores, PostgreSQL against SQLite.
 */
import { round } from './measure.js';

/** Prints and returns the ratios of `results` (keyed by store kind, as `bench/server.ts` writes them). */
export function printRatios(results: Record<string, any>): Record<string, number> {
  const ratios: Record<string, number> = {};
  for (const [kind, r] of Object.entries(results)) {
    ratios[`${kind}: resume complete p50 / chat complete p50`] = round(
      r.resumeRoundTrip.completeMs.p50 / r.chatRoundTrip.completeMs.p50,
      2,
    );
    ratios[`${kind}: resume complete p99 / p50`] = round(
      r.resumeRoundTrip.completeMs.p99 / r.resumeRoundTrip.completeMs.p50,
      2,
    );
    if (r.idleStreams.follow)
      ratios[`${kind}: idle chat stream / idle follower (RSS per stream)`] = round(
        r.idleStreams.chat.rssBytesPerStream / r.idleStreams.follow.rssBytesPerStream,
        2,
      );
  }
  const sqlite = results.sqlite;
  const postgres = results.postgres;
  if (sqlite && postgres) {
    ratios['postgres / sqlite: resume complete p50'] = round(
      postgres.resumeRoundTrip.completeMs.p50 / sqlite.resumeRoundTrip.completeMs.p50,
      2,
    );
    ratios['postgres / sqlite: resume first byte p50'] = round(
      postgres.resumeRoundTrip.firstByteMs.p50 / sqlite.resumeRoundTrip.firstByteMs.p50,
      2,
    );
    ratios['postgres / sqlite: resumes per second'] = round(
      postgres.throughput.resumesPerSecond / sqlite.throughput.resumesPerSecond,
      2,
    );
    ratios['postgres / sqlite: idle chat stream RSS'] = round(
      postgres.idleStreams.chat.rssBytesPerStream / sqlite.idleStreams.chat.rssBytesPerStream,
      2,
    );
  }
  console.log('\nratios:');
  for (const [k, v] of Object.entries(ratios)) console.log(`  ${k}: ${v}`);
  return ratios;
}
