import { MemoryOutbox, type WebhookOutbox } from './outbox.js';
import { ENDED_RUN_STATUSES, type PurgeCounts, type RetentionCutoffs } from './retention.js';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { activityOf, conversationFacts, matchesFacts, type CallFact } from './insights.js';
import type { RecordedDecision } from './types.js';
import { byCreation, messageStats, OPEN_RUN_STATUSES } from './schema.js';
import type {
  AuditEntry,
  ConversationQuery,
  ListSessionsQuery,
  OriginSighting,
  RunRecord,
  RunStatus,
  SegmentCommit,
  SessionRecord,
  SessionSummary,
  Store,
  ToolActivityQuery,
  ToolSighting,
} from './types.js';

/** A process-local store; records are cloned in and out so callers never share mutable state. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #runs = new Map<string, RunRecord>();
  readonly #events = new Map<string, Map<number, StreamEvent>>();
  readonly #tools = new Map<string, ToolSighting>();
  readonly #origins = new Map<string, OriginSighting>();
  readonly #settings = new Map<string, unknown>();
  readonly #audit: AuditEntry[] = [];
  /** Run heartbeats, beside the records (a save does not carry one). */
  readonly #heartbeats = new Map<string, string>();
  readonly outbox: WebhookOutbox = new MemoryOutbox();

  async getSession(id: string) {
    const s = this.#sessions.get(id);
    return s && structuredClone(s);
  }

  async saveSession(session: SessionRecord) {
    const old = this.#sessions.get(session.id);
    const updatedAt = later(old?.updatedAt, session.updatedAt ?? session.createdAt);
    this.#sessions.set(session.id, { ...structuredClone(session), updatedAt });
  }

  async updateSession(id: string, change: (session: SessionRecord) => void) {
    return this.#update(id, change);
  }

  #update(id: string, change: (session: SessionRecord) => void): SessionRecord | undefined {
    const old = this.#sessions.get(id);
    if (!old) return undefined;
    // No await between the read and the write: concurrent updates of one session cannot interleave.
    const next = structuredClone(old);
    change(next);
    const stored = { ...next, id, updatedAt: later(old.updatedAt, next.updatedAt ?? next.createdAt) };
    this.#sessions.set(id, structuredClone(stored));
    return stored;
  }

  async listSessions(query: ListSessionsQuery): Promise<SessionSummary[]> {
    const runs = [...this.#runs.values()];
    const summaries: SessionSummary[] = [];
    for (const s of this.#sessions.values()) {
      if (query.surfaceId !== undefined && s.surfaceId !== query.surfaceId) continue;
      const updatedAt = s.updatedAt ?? s.createdAt;
      const { before } = query;
      if (before && !(updatedAt < before.updatedAt || (updatedAt === before.updatedAt && s.id < before.id))) continue;
      const own = runs.filter((r) => r.sessionId === s.id);
      const stats = [
        s.transcript,
        ...own.filter((r) => OPEN_RUN_STATUSES.includes(r.status)).map((r) => r.history.slice(r.transcriptLength)),
      ].map(messageStats);
      const messageCount = stats.reduce((n, x) => n + x.count, 0);
      if (messageCount === 0 && own.length === 0) continue;
      summaries.push({
        id: s.id,
        surfaceId: s.surfaceId,
        origin: s.origin,
        createdAt: s.createdAt,
        updatedAt,
        messageCount,
        hasTools: stats.some((x) => x.hasTools),
      });
    }
    summaries.sort((a, b) =>
      a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0,
    );
    return summaries.slice(0, Math.max(0, query.limit));
  }

  async getRun(id: string) {
    const r = this.#runs.get(id);
    return r && structuredClone(r);
  }

  async saveRun(run: RunRecord) {
    this.#saveRun(run);
  }

  #saveRun(run: RunRecord): void {
    this.#runs.set(run.id, structuredClone(run));
    this.#touch(run.sessionId, run.updatedAt);
  }

  async listRuns(query: { sessionId: string; status?: readonly RunStatus[] }) {
    return [...this.#runs.values()]
      .filter((r) => r.sessionId === query.sessionId && (!query.status || query.status.includes(r.status)))
      .sort(byCreation)
      .map((r) => structuredClone(r));
  }

  /** Raises a session's `updatedAt` to `at`, as the SQL stores do when one of its runs is written. */
  #touch(sessionId: string, at: string): void {
    const session = this.#sessions.get(sessionId);
    if (session) session.updatedAt = later(session.updatedAt, at);
  }

  async claimRun(id: string, version: number) {
    const run = this.#runs.get(id);
    // Synchronous check-and-set: no await between the read and the write, so claims cannot interleave.
    if (!run || run.status !== 'awaiting' || run.version !== version) return undefined;
    run.status = 'running';
    run.version = version + 1;
    run.updatedAt = new Date().toISOString();
    return structuredClone(run);
  }

  async appendEvents(executionId: string, events: readonly StreamEvent[]) {
    this.#append(executionId, events);
  }

  #append(executionId: string, events: readonly StreamEvent[]): void {
    let bySeq = this.#events.get(executionId);
    if (!bySeq) this.#events.set(executionId, (bySeq = new Map()));
    // Like the SQL stores' primary key: a seq is written once, and a refused batch writes nothing.
    const duplicate = events.find((e, i) => bySeq.has(e.seq) || events.findIndex((o) => o.seq === e.seq) !== i);
    if (duplicate) throw new Error(`Event ${duplicate.seq} of execution ${executionId} is already stored.`);
    for (const e of events) bySeq.set(e.seq, structuredClone(e));
  }

  async commitSegment({ run, expectVersion, events, session, claim }: SegmentCommit) {
    const stored = this.#runs.get(run.id);
    // Synchronous check-and-set; a refused batch (a seq stored twice) throws before anything is written.
    if (!stored || stored.status !== (claim ? 'awaiting' : 'running') || stored.version !== expectVersion) return false;
    this.#append(run.id, events);
    this.#saveRun(run);
    if (session) this.#update(run.sessionId, session);
    return true;
  }

  async listEvents(executionId: string, after: number) {
    const events = [...(this.#events.get(executionId)?.values() ?? [])].filter((e) => e.seq > after);
    return events.sort((a, b) => a.seq - b.seq).map((e) => structuredClone(e));
  }

  async expirePausedRuns(pausedBefore: string) {
    let expired = 0;
    for (const run of this.#runs.values()) {
      if (run.status === 'awaiting' && run.pausedAt !== undefined && run.pausedAt < pausedBefore) {
        run.status = 'expired';
        run.version += 1;
        run.updatedAt = new Date().toISOString();
        expired++;
      }
    }
    return expired;
  }

  async heartbeatRun(id: string, version: number, at: string) {
    const run = this.#runs.get(id);
    if (!run || run.status !== 'running' || run.version !== version) return false;
    this.#heartbeats.set(id, at);
    return true;
  }

  async listStaleRuns(staleBefore: string, limit: number) {
    return [...this.#runs.values()]
      .filter((r) => r.status === 'running' && this.#alive(r) < staleBefore)
      .sort((a, b) => (this.#alive(a) < this.#alive(b) ? -1 : 1))
      .slice(0, Math.max(0, limit))
      .map((r) => structuredClone(r));
  }

  async takeOverRun(id: string, version: number, staleBefore: string, at: string) {
    const run = this.#runs.get(id);
    // Synchronous check-and-set, like claimRun.
    if (!run || run.status !== 'running' || run.version !== version || this.#alive(run) >= staleBefore)
      return undefined;
    run.version = version + 1;
    this.#heartbeats.set(id, at);
    return structuredClone(run);
  }

  /** A run's last sign of life: its heartbeat or its last save, whichever is later. */
  #alive(run: RunRecord): string {
    return later(this.#heartbeats.get(run.id), run.updatedAt);
  }

  async recordToolSightings(surfaceId: string, origin: string, sightings: readonly RecordedDecision[], at: string) {
    for (const s of sightings) {
      const key = JSON.stringify([surfaceId, origin, s.toolName]);
      const old = this.#tools.get(key);
      this.#tools.set(key, {
        surfaceId,
        origin,
        toolName: s.toolName,
        status: s.status,
        reason: s.reason,
        firstSeen: old?.firstSeen ?? at,
        lastSeen: at,
        count: (old?.count ?? 0) + 1,
      });
    }
  }

  async listToolSightings(surfaceId?: string) {
    return [...this.#tools.values()]
      .filter((t) => surfaceId === undefined || t.surfaceId === surfaceId)
      .map((t) => ({ ...t }));
  }

  async recordOrigin(surfaceId: string, origin: string, at: string, requests = 1) {
    const key = JSON.stringify([surfaceId, origin]);
    const old = this.#origins.get(key);
    this.#origins.set(key, {
      surfaceId,
      origin,
      firstSeen: old?.firstSeen ?? at,
      lastSeen: later(old?.lastSeen, at),
      requests: (old?.requests ?? 0) + requests,
    });
  }

  async listOrigins(surfaceId?: string) {
    return [...this.#origins.values()]
      .filter((o) => surfaceId === undefined || o.surfaceId === surfaceId)
      .map((o) => ({ ...o }));
  }

  async getSetting(key: string) {
    return this.#settings.has(key) ? structuredClone(this.#settings.get(key)) : undefined;
  }

  async setSetting(key: string, value: unknown) {
    if (value === undefined) this.#settings.delete(key);
    else this.#settings.set(key, structuredClone(value));
  }

  async listSettings(prefix: string) {
    return [...this.#settings]
      .filter(([k]) => k.startsWith(prefix))
      .map(([key, value]) => ({ key, value: structuredClone(value) }));
  }

  async searchSessions(query: ConversationQuery): Promise<SessionSummary[]> {
    // Every summary that passes the filters, then one page of them in list order.
    const all = await this.listSessions({
      ...(query.surfaceId ? { surfaceId: query.surfaceId } : {}),
      limit: Infinity,
    });
    const before = query.before;
    return all
      .filter(
        (s) => !before || s.updatedAt < before.updatedAt || (s.updatedAt === before.updatedAt && s.id < before.id),
      )
      .filter((s) => matchesFacts(s, this.#facts(this.#sessions.get(s.id)!), query))
      .slice(0, Math.max(0, query.limit));
  }

  async toolActivity(query: ToolActivityQuery) {
    const calls: Array<CallFact & { surfaceId: string }> = [];
    for (const s of this.#sessions.values())
      for (const c of this.#facts(s).calls) calls.push({ ...c, surfaceId: s.surfaceId });
    return activityOf(calls, query);
  }

  #facts(session: SessionRecord) {
    const open = [...this.#runs.values()].filter(
      (r) => r.sessionId === session.id && OPEN_RUN_STATUSES.includes(r.status),
    );
    return conversationFacts(session, open.sort(byCreation));
  }

  async appendAudit(entry: Omit<AuditEntry, 'id'>) {
    const saved = { ...entry, id: String(this.#audit.length + 1) };
    this.#audit.push(saved);
    return { ...saved };
  }

  async listAudit(query: { limit: number; before?: string }) {
    const before = query.before === undefined ? Infinity : Number(query.before);
    return this.#audit
      .filter((e) => Number(e.id) < before)
      .reverse()
      .slice(0, Math.max(0, query.limit))
      .map((e) => ({ ...e }));
  }

  async purge(cutoffs: RetentionCutoffs): Promise<PurgeCounts> {
    const counts: PurgeCounts = { events: 0, sessions: 0, runs: 0, sightings: 0 };
    const dropRun = (id: string) => {
      counts.events += this.#events.get(id)?.size ?? 0;
      this.#events.delete(id);
      counts.runs += this.#runs.delete(id) ? 1 : 0;
    };
    const ended = (run: RunRecord, before: string) => ENDED_RUN_STATUSES.includes(run.status) && run.updatedAt < before;
    if (cutoffs.sessionsBefore !== undefined) {
      const before = cutoffs.sessionsBefore;
      for (const [id, session] of this.#sessions) {
        if ((session.updatedAt ?? session.createdAt) >= before) continue;
        for (const run of [...this.#runs.values()]) if (run.sessionId === id) dropRun(run.id);
        this.#sessions.delete(id);
        counts.sessions++;
      }
      for (const run of [...this.#runs.values()]) if (ended(run, before)) dropRun(run.id);
    }
    if (cutoffs.finishedEventsBefore !== undefined) {
      for (const run of this.#runs.values()) {
        const bySeq = this.#events.get(run.id);
        if (!bySeq || !ended(run, cutoffs.finishedEventsBefore)) continue;
        const last = Math.max(...bySeq.keys());
        for (const seq of [...bySeq.keys()]) if (seq < last && bySeq.delete(seq)) counts.events++;
      }
    }
    if (cutoffs.sightingsBefore !== undefined) {
      for (const map of [this.#tools, this.#origins] as Array<Map<string, { lastSeen: string }>>) {
        for (const [key, sighting] of map)
          if (sighting.lastSeen < cutoffs.sightingsBefore && map.delete(key)) counts.sightings++;
      }
    }
    return counts;
  }

  async close() {
    this.#sessions.clear();
    this.#runs.clear();
    this.#events.clear();
  }
}

function later(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b;
}
