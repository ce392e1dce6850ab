// A stateful loopback stand-in for Extend's run endpoints, for batches and selectors (see shared/extend-api.md):
//
//   GET  /workflow_runs?batchId=&workflowId=&status=&maxPageSize=&nextPageToken=   {"object":"list","data":[...],"nextPageToken"}
//   GET  /extract_runs?extractorId=&...   /classify_runs?classifierId=&...   /split_runs?splitterId=&...
//   POST /{kind}/{id}/cancel              the run CANCELLED, or 400 once it has stopped (or, a processor run, while PENDING)
//   GET  /{kind}/{id}
//
// Summaries have Extend's 2026-02-09 shape: `workflow: {id}` (and batchId), `extractor: {id}`, `classifier: {id}`,
// `splitter: {id}`. `ignoreFilters()` plays an Extend that dropped the owner/batch filters (status still applies).
//
// Listings are newest updatedAt first (Extend's default sort, so a cancel moves a run under a cursor) and paged with
// an offset token, capped at `maxPageSize`. With `ratePerSecond` it enforces Extend's kind of limit: a token bucket
// of that many requests per second (burst: one second's worth); a request above it gets 429 RATE_LIMIT_EXCEEDED with
// Retry-After (whole seconds until a token is back, at least 1). `stuck(id)`: the cancel answers CANCELLED but the
// run stays PROCESSING in listings. Everything is counted in `stats`; `inFlight(batchId)` tells what is left.
//
//   import { startBatchExtendStub } from './batch-extend-stub.mjs';
//   const extend = await startBatchExtendStub({ ratePerSecond: 10 });
//   extend.seed('batch_1', 2000);            // PENDING and PROCESSING runs
//   env.EXTEND_BASE_URL = extend.url;
//   ... extend.inFlight('batch_1'), extend.stats ...
//   await extend.close();
//
// Only node: built-ins. Listens on 127.0.0.1 only.

import http from 'node:http';
import { performance } from 'node:perf_hooks';

const IN_FLIGHT = new Set(['PENDING', 'PROCESSING']);

/**
 * @param {object} [options]
 * @param {number} [options.port=0]
 * @param {number} [options.ratePerSecond]   enforce this many requests/s (token bucket, burst = one second's worth)
 * @param {number} [options.maxPageSize=1000]
 * @param {(r: {at: number, method: string, url: string, status: number, userAgent?: string}) => void} [options.onRequest]
 *        called when each answer has been sent (performance.now() of its arrival), e.g. to count per-second windows
 *        or to tell the functions' requests (User-Agent extend-cancel/...) from other traffic
 */
export async function startBatchExtendStub(options = {}) {
  const runs = new Map();
  let clock = 0;
  const stuck = new Set();
  const stats = { requests: 0, lists: 0, cancels: 0, confirmedCancels: 0, reads: 0, rateLimited: 0, firstAt: undefined, lastCancelAt: undefined };
  const confirmed = new Set();
  const rate = options.ratePerSecond;
  const maxPageSize = options.maxPageSize ?? 1000;
  const bucket = { tokens: rate ?? 0, at: performance.now() };

  /** true when the request may pass; false when it is above the limit (and how long until a token is back) */
  function take() {
    if (!rate) return { ok: true };
    const now = performance.now();
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitS: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
  }

  const json = (res, status, body, headers = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-extend-request-id': `req_batch_${stats.requests}`, ...headers });
    res.end(text);
  };
  const error = (code, message) => ({ code, message, retryable: code === 'RATE_LIMIT_EXCEEDED', requestId: `req_batch_${stats.requests}` });
  const OWNER = { workflow_runs: ['workflowId', 'workflow'], extract_runs: ['extractorId', 'extractor'], classify_runs: ['classifierId', 'classifier'], split_runs: ['splitterId', 'splitter'] };
  let ignoreFilters = false;
  const cancelled = new Set(); // every run a cancel was POSTed for, whatever the answer
  const view = (run) => ({
    object: run.collection.slice(0, -1),
    id: run.id,
    ...(run.collection === 'workflow_runs' ? { batchId: run.batchId ?? null } : {}),
    [OWNER[run.collection][1]]: { object: OWNER[run.collection][1], id: run.owner },
    status: stuck.has(run.id) ? 'PROCESSING' : run.status,
    updatedAt: new Date(Date.UTC(2026, 10, 28) + run.updatedAt).toISOString(),
  });

  const server = http.createServer((req, res) => {
    req.resume();
    const arrived = performance.now();
    if (options.onRequest) res.on('finish', () => options.onRequest({ at: arrived, method: req.method, url: req.url, status: res.statusCode, userAgent: req.headers['user-agent'] }));
    req.on('end', () => {
      stats.requests++;
      stats.firstAt ??= performance.now();
      if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return json(res, 401, error('UNAUTHORIZED', 'Missing API key'));
      const turn = take();
      if (!turn.ok) {
        stats.rateLimited++;
        return json(res, 429, error('RATE_LIMIT_EXCEEDED', 'Rate limit exceeded'), { 'retry-after': String(turn.waitS) });
      }
      const url = new URL(req.url, 'http://stub');
      const parts = url.pathname.split('/').filter(Boolean);
      const collection = OWNER[parts[0]] ? parts[0] : undefined;
      if (req.method === 'GET' && collection && parts.length === 1) {
        stats.lists++;
        const batchId = ignoreFilters ? null : url.searchParams.get('batchId');
        const owner = ignoreFilters ? null : url.searchParams.get(OWNER[collection][0]);
        const status = url.searchParams.get('status');
        const size = Math.min(maxPageSize, Number(url.searchParams.get('maxPageSize') ?? 10));
        const offset = Number((url.searchParams.get('nextPageToken') ?? 'tok_0').slice(4));
        const matching = [...runs.values()]
          .filter((r) => r.collection === collection && (!batchId || r.batchId === batchId) && (!owner || r.owner === owner))
          .filter((r) => !status || view(r).status === status)
          .sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
        const page = matching.slice(offset, offset + size).map(view);
        return json(res, 200, { object: 'list', data: page, nextPageToken: offset + size < matching.length ? `tok_${offset + size}` : null });
      }
      if (req.method === 'POST' && collection && parts.length === 3 && parts[2] === 'cancel') {
        stats.cancels++;
        cancelled.add(parts[1]);
        const run = runs.get(parts[1]);
        if (!run || run.collection !== collection) return json(res, 404, error('NOT_FOUND', `Run ${parts[1]} not found`));
        const pendingProcessorRun = collection !== 'workflow_runs' && run.status === 'PENDING';
        if (!IN_FLIGHT.has(run.status) || pendingProcessorRun) return json(res, 400, error('INVALID_REQUEST', `Run ${run.id} cannot be cancelled in its current status`));
        if (!stuck.has(run.id)) run.status = 'CANCELLED';
        run.updatedAt = ++clock;
        stats.confirmedCancels++;
        stats.lastCancelAt = performance.now();
        confirmed.add(run.id);
        return json(res, 200, { ...view(run), status: 'CANCELLED' });
      }
      if (req.method === 'GET' && collection && parts.length === 2) {
        stats.reads++;
        const run = runs.get(parts[1])?.collection === collection ? runs.get(parts[1]) : undefined;
        return run ? json(res, 200, view(run)) : json(res, 404, error('NOT_FOUND', `Workflow run ${parts[1]} not found`));
      }
      return json(res, 404, error('NOT_FOUND', `No route ${req.method} ${url.pathname}`));
    });
  });
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    /** Adds `count` runs to a batch: a quarter PROCESSING, the rest PENDING; every `finishedEvery`-th one PROCESSED. */
    seed(batchId, count, { finishedEvery } = {}) {
      const ids = [];
      for (let i = 0; i < count; i++) {
        const id = `wr_${batchId}_${String(i).padStart(5, '0')}`;
        const status = finishedEvery && i % finishedEvery === 0 ? 'PROCESSED' : i % 4 === 0 ? 'PROCESSING' : 'PENDING';
        runs.set(id, { id, collection: 'workflow_runs', owner: `workflow_of_${batchId}`, batchId, status, updatedAt: ++clock });
        ids.push(id);
      }
      return ids;
    },
    /**
     * Adds `count` runs of a workflow (`workflow_runs`), extractor (`extract_runs`), classifier or splitter, in no
     * batch: all in `status` if given, else a quarter PROCESSING and the rest PENDING.
     */
    seedRuns(collection, owner, count, { status } = {}) {
      if (!OWNER[collection]) throw new Error(`no run collection ${collection}`);
      const ids = [];
      for (let i = 0; i < count; i++) {
        const id = `${collection.slice(0, 2)}r_${owner}_${String(i).padStart(5, '0')}`;
        runs.set(id, { id, collection, owner, status: status ?? (i % 4 === 0 ? 'PROCESSING' : 'PENDING'), updatedAt: ++clock });
        ids.push(id);
      }
      return ids;
    },
    /** From now on listings ignore every filter but status. */
    ignoreFilters() {
      ignoreFilters = true;
    },
    /** Runs of a workflow, extractor, classifier or splitter still PENDING or PROCESSING. */
    inFlightOf(owner) {
      return [...runs.values()].filter((r) => r.owner === owner && IN_FLIGHT.has(view(r).status)).length;
    },
    /** Every run a cancel was POSTed for. */
    cancelRequested: () => new Set(cancelled),
    stuck(id) {
      stuck.add(id);
    },
    inFlight(batchId) {
      return [...runs.values()].filter((r) => r.batchId === batchId && IN_FLIGHT.has(view(r).status)).length;
    },
    /** Runs reported cancelled must be among these: the cancels this stub answered with CANCELLED. */
    confirmed: () => new Set(confirmed),
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
