// A loopback stand-in for the Extend API's run endpoints (see shared/extend-api.md):
//
//   POST /{kind}/{id}/cancel   and   GET /{kind}/{id}
//   kind: processor_runs | workflow_runs | extract_runs | classify_runs | split_runs | parse_runs
//
// Any non-empty Bearer key is accepted (no key: 401 UNAUTHORIZED). By default every cancel answers 200 with the run
// in status CANCELLED (stateless: the same id can be cancelled any number of times, which is what a benchmark wants).
// With { stateful: true } runs remember their status: a first cancel of a PROCESSING/PENDING run answers CANCELLED,
// a second one 400 INVALID_REQUEST ("cannot be cancelled again"), as Extend does; setRun() seeds runs (e.g. a
// PROCESSED one), and script() queues raw answers (429, 500, slow, ...) for one route to test retries.
//
//   import { startExtendStub } from './extend-stub.mjs';
//   const extend = await startExtendStub();
//   env.EXTEND_BASE_URL = extend.url; env.EXTEND_API_KEY = 'any-key';
//   ... extend.stats.cancels, extend.requests (last 1,000 requests) ...
//   await extend.close();
//
// With { tls: { key, cert } } (PEM strings, e.g. from test-ca.mjs) it serves HTTPS, as Extend does; url then starts
// with https://. stats.handshakes counts the TLS handshakes (new connections).
//
// Only node: built-ins. Listens on 127.0.0.1 only by default.

import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';

export const KINDS = {
  processor_runs: 'processor_run',
  workflow_runs: 'workflow_run',
  extract_runs: 'extract_run',
  classify_runs: 'classify_run',
  split_runs: 'split_run',
  parse_runs: 'parse_run',
};
const CANCELLABLE = new Set(['PENDING', 'PROCESSING']);
const REQUEST_LOG_LIMIT = 1000;

/**
 * @param {object} [options]
 * @param {string} [options.host='127.0.0.1']
 * @param {number} [options.port=0]
 * @param {boolean} [options.stateful=false]  remember run statuses (see above)
 * @param {boolean} [options.unknownIsMissing=false]  stateful only: unknown ids answer 404 instead of being
 *                                                    created as PROCESSING runs
 * @param {number} [options.latencyMs=0]      added to every answer
 * @param {{key: string, cert: string}} [options.tls]  serve HTTPS with this key and certificate (PEM)
 * @param {(line: string) => void} [options.log]
 */
export async function startExtendStub(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const stateful = options.stateful ?? false;
  const latencyMs = options.latencyMs ?? 0;
  const log = options.log ?? (() => {});
  /** kind -> id -> run object */
  const runs = new Map(Object.keys(KINDS).map((k) => [k, new Map()]));
  /** "METHOD /kind/id[/cancel]" -> queued answers */
  const scripts = new Map();
  const requests = [];
  const stats = { requests: 0, cancels: 0, gets: 0, unauthorized: 0, notFound: 0, handshakes: 0 };

  const onRequest = (req, res) => {
    handle(req, res).catch((err) => {
      log(`extend-stub: ${err.stack ?? err}`);
      if (!res.headersSent) answer(res, 500, error('INTERNAL_ERROR', 'stub failure', true));
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : http.createServer(onRequest);
  if (options.tls) server.on('secureConnection', () => stats.handshakes++);
  server.keepAliveTimeout = 60_000;
  const sockets = new Set();
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req, res) {
    await new Promise((resolve, reject) => {
      req.on('data', () => {});
      req.on('end', resolve);
      req.on('error', reject);
    });
    stats.requests++;
    const path = new URL(req.url, 'http://extend').pathname;
    const entry = {
      method: req.method,
      path,
      apiVersion: req.headers['x-extend-api-version'],
      workspaceId: req.headers['x-extend-workspace-id'],
      userAgent: req.headers['user-agent'],
      authorized: /^Bearer \S+/.test(req.headers.authorization ?? ''),
      at: Date.now(),
    };
    requests.push(entry);
    if (requests.length > REQUEST_LOG_LIMIT) requests.shift();
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));

    const scripted = scripts.get(`${req.method} ${path}`);
    if (scripted && scripted.length > 0) {
      const s = scripted.shift();
      if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs));
      if (s.destroy) {
        req.socket.destroy();
        return;
      }
      const body = typeof s.body === 'string' ? s.body : JSON.stringify(s.body ?? {});
      res.writeHead(s.status ?? 200, { 'Content-Type': 'application/json', 'x-extend-request-id': requestId(), ...(s.headers ?? {}) });
      res.end(body);
      return;
    }

    if (!entry.authorized) {
      stats.unauthorized++;
      return answer(res, 401, error('UNAUTHORIZED', 'Missing or invalid API key'));
    }
    const m = path.match(/^\/([a-z_]+)\/([^/]+)(\/cancel)?$/);
    const kind = m?.[1];
    if (!m || !KINDS[kind] || (m[3] ? req.method !== 'POST' : req.method !== 'GET')) {
      stats.notFound++;
      return answer(res, 404, error('NOT_FOUND', `No route ${req.method} ${path}`));
    }
    const id = decodeURIComponent(m[2]);
    const legacy = kind === 'processor_runs' || (kind === 'workflow_runs' && entry.apiVersion === '2025-04-21');
    const cancel = Boolean(m[3]);
    if (cancel) stats.cancels++;
    else stats.gets++;

    let run;
    if (!stateful) {
      run = makeRun(kind, id, cancel ? 'CANCELLED' : 'PROCESSING');
    } else {
      run = runs.get(kind).get(id);
      if (!run) {
        if (options.unknownIsMissing) {
          stats.notFound++;
          return answer(res, 404, error('NOT_FOUND', `${KINDS[kind]} ${id} not found`));
        }
        run = makeRun(kind, id, 'PROCESSING');
        runs.get(kind).set(id, run);
      }
      if (cancel) {
        if (!CANCELLABLE.has(run.status)) {
          return answer(res, 400, error('INVALID_REQUEST', `Run ${id} has status ${run.status} and cannot be cancelled again`));
        }
        run.status = 'CANCELLED';
        run.updatedAt = new Date().toISOString();
      }
    }
    const body = legacy ? { success: true, [kind === 'processor_runs' ? 'processorRun' : 'workflowRun']: run } : run;
    return answer(res, 200, body);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;

  return {
    /** value for EXTEND_BASE_URL */
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    host,
    port,
    stats,
    /** the last 1,000 requests: {method, path, apiVersion, workspaceId, userAgent, authorized, at} */
    requests,
    /** stateful mode: seed or replace a run, e.g. setRun('workflow_runs', 'wr_done', { status: 'PROCESSED' }) */
    setRun(kind, id, fields = {}) {
      const run = { ...makeRun(kind, id, 'PROCESSING'), ...fields };
      runs.get(kind).set(id, run);
      return run;
    },
    getRun(kind, id) {
      return runs.get(kind).get(id);
    },
    /**
     * Queues raw answers for one route, used before the normal behaviour:
     * script('POST', '/workflow_runs/wr_1/cancel', [{ status: 429, headers: { 'Retry-After': '0' }, body: {...} },
     *   { status: 500 }, { destroy: true }, { delayMs: 3000, status: 200, body: {...} }])
     */
    script(method, path, answers) {
      const key = `${method.toUpperCase()} ${path}`;
      scripts.set(key, [...(scripts.get(key) ?? []), ...answers]);
    },
    reset() {
      for (const m of runs.values()) m.clear();
      scripts.clear();
      requests.length = 0;
      for (const k of Object.keys(stats)) stats[k] = 0;
    },
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

/** A run object shaped like Extend's (2026-02-09), with one field no client knows, to prove pass-through. */
export function makeRun(kind, id, status) {
  const now = new Date().toISOString();
  const run = {
    object: KINDS[kind] ?? kind.replace(/s$/, ''),
    id,
    status,
    createdAt: now,
    updatedAt: now,
    metadata: {},
    usage: { credits: 0 },
    benchUnknownField: { kept: true },
  };
  if (kind === 'workflow_runs') {
    run.name = 'bench workflow run';
    run.workflow = { object: 'workflow', id: 'workflow_bench', name: 'bench', version: '1' };
    run.files = [];
    run.outputs = [];
  }
  return run;
}

function error(code, message, retryable = false) {
  return { code, message, retryable, requestId: requestId() };
}

function requestId() {
  return `req_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

function answer(res, status, obj) {
  const body = Buffer.from(JSON.stringify(obj));
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    'x-extend-request-id': obj.requestId ?? requestId(),
  });
  res.end(body);
}
