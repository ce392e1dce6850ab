// A loopback emulator of the AWS Lambda Runtime API (the HTTP API a Lambda function's runtime polls).
//
//   GET  /2018-06-01/runtime/invocation/next            long-polls for the next event
//   POST /2018-06-01/runtime/invocation/{id}/response   the function's result
//   POST /2018-06-01/runtime/invocation/{id}/error      a function error (header Lambda-Runtime-Function-Error-Type)
//   POST /2018-06-01/runtime/init/error                 the runtime failed to start
//   GET  /2018-06-01/runtime/restore/next               SnapStart: init is done, snapshot now (answered at once:
//                                                       this emulator takes no snapshot; the same process goes on)
//   POST /2018-06-01/runtime/restore/error              SnapStart: an after-restore hook failed
//
// One emulator plays one Lambda function with one execution environment at a time: invocations are queued and
// handed to whichever runtime process polls /next. Processes may come and go (kill one, spawn the next against the
// same emulator): a poll whose connection closed is forgotten, and an invocation that was handed to a process that
// died can be failed with failInFlight().
//
//   import { startRuntimeApi } from './runtime-api.mjs';
//   const api = await startRuntimeApi({ functionName: 'cancelWorkflowRun' });
//   spawn('./bootstrap', { env: { AWS_LAMBDA_RUNTIME_API: api.address, ... } });
//   const r = await api.invoke({ id: 'wr_1' });   // { ok: true, payload, json, ... } or { ok: false, errorType, ... }
//   await api.close();
//
// Only node: built-ins. Listens on 127.0.0.1 only by default.

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';

const PREFIX = '/2018-06-01/runtime';
const MAX_BODY = 6 * 1024 * 1024 + 1024; // Lambda's synchronous payload limit (6 MB), plus slack

/**
 * Starts the emulator.
 *
 * @param {object} [options]
 * @param {string} [options.host='127.0.0.1']
 * @param {number} [options.port=0]                  0 picks a free port
 * @param {string} [options.functionName='function']
 * @param {string} [options.functionArn]             default arn:aws:lambda:us-east-1:000000000000:function:<name>
 * @param {number} [options.timeoutMs=30000]         the function's configured timeout: sets Lambda-Runtime-Deadline-Ms
 *                                                   and is the default time invoke() waits for an answer
 * @param {(line: string) => void} [options.log]     optional debug log
 * @returns {Promise<RuntimeApi>}
 */
export async function startRuntimeApi(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const functionName = options.functionName ?? 'function';
  const functionArn = options.functionArn ?? `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`;
  const defaultTimeoutMs = options.timeoutMs ?? 30_000;
  const log = options.log ?? (() => {});
  const events = new EventEmitter();

  /** invocations not yet handed to a runtime, FIFO */
  const queue = [];
  /** pending GET /next responses, FIFO */
  const pollers = [];
  /** invocations handed to a runtime, by request id */
  const inFlight = new Map();
  const initErrors = [];
  const stats = { polls: 0, invocations: 0, responses: 0, errors: 0, initErrors: 0, restores: 0 };
  const restores = [];

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`runtime-api: ${err.stack ?? err}`);
      if (!res.headersSent) send(res, 500, { errorMessage: String(err.message ?? err), errorType: 'EmulatorError' });
    });
  });
  // A runtime keeps one connection open and long-polls on it; never cut it.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;
  server.timeout = 0;
  const sockets = new Set();
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req, res) {
    const url = new URL(req.url, 'http://runtime');
    const path = url.pathname;
    if (req.method === 'GET' && path === `${PREFIX}/invocation/next`) {
      await drain(req);
      stats.polls++;
      const poller = { req, res, at: performance.now() };
      const onClose = () => {
        const i = pollers.indexOf(poller);
        if (i >= 0) pollers.splice(i, 1);
      };
      res.on('close', onClose);
      poller.detach = () => res.off('close', onClose);
      pollers.push(poller);
      events.emit('poll', { at: poller.at });
      dispatch();
      return;
    }
    let m;
    if (req.method === 'POST' && (m = path.match(/^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/))) {
      const body = await readBody(req);
      const at = performance.now();
      const requestId = decodeURIComponent(m[1]);
      const inv = inFlight.get(requestId);
      if (!inv) {
        send(res, 400, { errorMessage: `Invalid request ID: ${requestId}`, errorType: 'InvalidRequestID' });
        return;
      }
      inFlight.delete(requestId);
      send(res, 202, { status: 'OK' });
      if (m[2] === 'response') {
        stats.responses++;
        settle(inv, { ok: true, payload: body, at });
      } else {
        stats.errors++;
        const parsed = tryJson(body);
        // What a Lambda caller (Invoke, Step Functions) sees is the body's errorType; the header is the runtime's
        // own classification (the Java RIC sends Runtime.UserException there), kept as errorTypeHeader.
        settle(inv, {
          ok: false,
          payload: body,
          at,
          errorType: parsed?.errorType ?? req.headers['lambda-runtime-function-error-type'],
          errorTypeHeader: req.headers['lambda-runtime-function-error-type'],
          errorMessage: parsed?.errorMessage,
        });
      }
      return;
    }
    if (req.method === 'GET' && path === `${PREFIX}/restore/next`) {
      await drain(req);
      stats.restores++;
      const restore = { at: performance.now() };
      restores.push(restore);
      events.emit('restore', restore);
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
      return;
    }
    if (req.method === 'POST' && (path === `${PREFIX}/init/error` || path === `${PREFIX}/restore/error`)) {
      const body = await readBody(req);
      const parsed = tryJson(body);
      const initError = {
        at: performance.now(),
        errorType: parsed?.errorType ?? req.headers['lambda-runtime-function-error-type'],
        errorTypeHeader: req.headers['lambda-runtime-function-error-type'],
        errorMessage: parsed?.errorMessage,
        payload: body,
      };
      stats.initErrors++;
      initErrors.push(initError);
      send(res, 202, { status: 'OK' });
      events.emit('initError', initError);
      // Lambda fails the invocation that was waiting for this environment.
      for (const inv of [...queue.splice(0), ...inFlight.values()]) {
        settle(inv, { ok: false, initError: true, payload: body, at: initError.at, errorType: initError.errorType, errorMessage: initError.errorMessage });
      }
      inFlight.clear();
      return;
    }
    await drain(req);
    send(res, 404, { errorMessage: `Unknown path ${req.method} ${path}`, errorType: 'NotFound' });
  }

  function dispatch() {
    while (queue.length > 0 && pollers.length > 0) {
      const poller = pollers.shift();
      poller.detach();
      if (poller.res.destroyed || poller.res.writableEnded) continue;
      const inv = queue.shift();
      const now = Date.now();
      inv.deadlineMs = now + inv.timeoutMs;
      inv.dispatchedAt = performance.now();
      inFlight.set(inv.requestId, inv);
      stats.invocations++;
      const headers = {
        'Content-Type': 'application/json',
        'Content-Length': inv.body.length,
        'Lambda-Runtime-Aws-Request-Id': inv.requestId,
        'Lambda-Runtime-Deadline-Ms': String(inv.deadlineMs),
        'Lambda-Runtime-Invoked-Function-Arn': functionArn,
        'Lambda-Runtime-Trace-Id': inv.traceId,
      };
      if (inv.clientContext) headers['Lambda-Runtime-Client-Context'] = inv.clientContext;
      if (inv.cognitoIdentity) headers['Lambda-Runtime-Cognito-Identity'] = inv.cognitoIdentity;
      poller.res.writeHead(200, headers);
      poller.res.end(inv.body);
      log(`runtime-api: dispatched ${inv.requestId}`);
      events.emit('dispatch', { requestId: inv.requestId, at: inv.dispatchedAt });
    }
  }

  function settle(inv, result) {
    clearTimeout(inv.timer);
    const out = {
      requestId: inv.requestId,
      queuedAt: inv.queuedAt,
      dispatchedAt: inv.dispatchedAt,
      answeredAt: result.at,
      ...result,
    };
    out.text = result.payload?.toString('utf8');
    out.json = tryJson(result.payload);
    events.emit('answer', out);
    inv.resolve(out);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;
  const address = `${host}:${port}`;
  let closed = false;

  /** @typedef {ReturnType<typeof api>} RuntimeApi */
  const api = {
    /** value for AWS_LAMBDA_RUNTIME_API */
    address,
    host,
    port,
    url: `http://${address}${PREFIX}`,
    functionName,
    functionArn,
    stats,
    initErrors,
    /** SnapStart: each GET /restore/next, as {at} (performance.now() milliseconds) */
    restores,
    /** EventEmitter: 'poll' {at}, 'dispatch' {requestId, at}, 'answer' {result}, 'initError' {initError}, 'restore' {at} */
    events,

    /**
     * Queues one invocation. Resolves with the answer (never rejects for a function error):
     * { ok, requestId, payload (Buffer), text, json, errorType?, errorTypeHeader?, errorMessage?, initError?, timedOut?,
     *   queuedAt, dispatchedAt, answeredAt }  (times are performance.now() milliseconds).
     * @param {unknown} event   a value to send as JSON, or a Buffer/string sent as is
     * @param {{timeoutMs?: number, requestId?: string, traceId?: string, clientContext?: string, cognitoIdentity?: string}} [opts]
     */
    invoke(event, opts = {}) {
      if (closed) return Promise.reject(new Error('runtime-api is closed'));
      const body = Buffer.isBuffer(event) ? event : Buffer.from(typeof event === 'string' ? event : JSON.stringify(event));
      const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
      return new Promise((resolve) => {
        const inv = {
          requestId: opts.requestId ?? randomUUID(),
          traceId: opts.traceId ?? `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Parent=${randomUUID().replace(/-/g, '').slice(0, 16)};Sampled=0`,
          clientContext: opts.clientContext,
          cognitoIdentity: opts.cognitoIdentity,
          body,
          timeoutMs,
          queuedAt: performance.now(),
          resolve,
        };
        // Like Lambda: the caller gets a timeout if no answer comes within the function's timeout (+ a little
        // slack for start-up, which counts against init, not the invocation, in real Lambda).
        inv.timer = setTimeout(() => {
          const qi = queue.indexOf(inv);
          if (qi >= 0) queue.splice(qi, 1);
          inFlight.delete(inv.requestId);
          settle(inv, { ok: false, timedOut: true, at: performance.now(), errorType: 'Sandbox.Timedout', errorMessage: `no answer within ${timeoutMs} ms` });
        }, timeoutMs + (opts.initSlackMs ?? 10_000));
        inv.timer.unref?.();
        queue.push(inv);
        dispatch();
      });
    },

    /**
     * Fails every invocation handed to a runtime that has not answered (call after a process died); with
     * { queued: true } also those still waiting for a runtime.
     */
    failInFlight(reason = 'runtime exited', { queued = false } = {}) {
      for (const inv of [...inFlight.values(), ...(queued ? queue.splice(0) : [])]) {
        settle(inv, { ok: false, at: performance.now(), errorType: 'Runtime.ExitError', errorMessage: reason });
      }
      inFlight.clear();
    },

    /** Resolves on the next init error, or after timeoutMs with undefined. */
    nextInitError(timeoutMs = 10_000) {
      return once(events, 'initError', timeoutMs);
    },

    /** Resolves when a runtime is waiting on /next (e.g. init finished), or after timeoutMs with undefined. */
    nextPoll(timeoutMs = 10_000) {
      if (pollers.length > 0) return Promise.resolve({ at: pollers[0].at });
      return once(events, 'poll', timeoutMs);
    },

    /** Number of runtimes currently long-polling /next. */
    get waiting() {
      return pollers.length;
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const inv of [...queue.splice(0), ...inFlight.values()]) {
        settle(inv, { ok: false, at: performance.now(), errorType: 'Emulator.Closed', errorMessage: 'runtime-api closed' });
      }
      inFlight.clear();
      for (const p of pollers.splice(0)) p.res.destroy();
      await new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
  return api;
}

function once(emitter, name, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      emitter.off(name, on);
      resolve(undefined);
    }, timeoutMs);
    const on = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    emitter.once(name, on);
  });
}

function send(res, status, obj) {
  const body = Buffer.from(JSON.stringify(obj));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

function drain(req) {
  return readBody(req).then(() => undefined);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error(`request body over ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tryJson(buf) {
  if (buf == null || buf.length === 0) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
}
