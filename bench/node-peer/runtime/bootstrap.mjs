// A minimal Node.js Lambda runtime: what the nodejs managed runtime (and npm aws-lambda-ric) do, reduced to the
// Runtime API loop. npm aws-lambda-ric 4.x needs Node 22 and builds native code, so the bench uses this instead.
//   env: AWS_LAMBDA_RUNTIME_API (host:port), LAMBDA_TASK_ROOT (dir of the handler), _HANDLER (file.export)
// Init: import the handler module (failures go to /runtime/init/error), then loop forever on /invocation/next.
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const api = process.env.AWS_LAMBDA_RUNTIME_API;
const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const handlerName = process.env._HANDLER ?? 'index.handler';
const [host, port] = api.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const base = '/2018-06-01/runtime';

function request(method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: urlPath, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function errorPayload(err) {
  return JSON.stringify({
    errorType: err?.name ?? 'Error',
    errorMessage: err?.message ?? String(err),
    stackTrace: String(err?.stack ?? '').split('\n').slice(1).map((l) => l.trim()),
  });
}

async function postError(urlPath, err, type) {
  const body = errorPayload(err);
  await request('POST', urlPath, body, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Lambda-Runtime-Function-Error-Type': type ?? err?.name ?? 'Error',
  });
}

let handler;
try {
  const dot = handlerName.lastIndexOf('.');
  const file = path.resolve(taskRoot, handlerName.slice(0, dot));
  const mod = createRequire(path.join(taskRoot, 'noop.js'))(file);
  handler = mod[handlerName.slice(dot + 1)];
  if (typeof handler !== 'function') throw Object.assign(new Error(`${handlerName} is not a function`), { name: 'Runtime.HandlerNotFound' });
} catch (err) {
  await postError(`${base}/init/error`, err, err?.name?.startsWith('Runtime.') ? err.name : 'Runtime.ImportModuleError');
  process.exit(1);
}

for (;;) {
  const next = await request('GET', `${base}/invocation/next`);
  if (next.status !== 200) throw new Error(`invocation/next answered ${next.status}`);
  const requestId = next.headers['lambda-runtime-aws-request-id'];
  const deadline = Number(next.headers['lambda-runtime-deadline-ms']);
  if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
  const context = {
    awsRequestId: requestId,
    invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    callbackWaitsForEmptyEventLoop: true,
  };
  try {
    const result = await handler(JSON.parse(next.body.toString('utf8')), context);
    const body = JSON.stringify(result ?? null);
    await request('POST', `${base}/invocation/${encodeURIComponent(requestId)}/response`, body, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
  } catch (err) {
    await postError(`${base}/invocation/${encodeURIComponent(requestId)}/error`, err);
  }
}
