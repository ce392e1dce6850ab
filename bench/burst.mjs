#!/usr/bin/env node
// A burst of stopped executions as AWS would schedule it from the Terraform module's own settings (the defaults in
// terraform/variables.tf, divided as terraform/modules/operations divides extend_requests_per_second): K executions
// aborted at once, R workflow runs each, sent by the EventBridge rule to the cleanup queue; a local SQS-like queue
// (visibility timeout, redelivery of batchItemFailures, maxReceiveCount -> dead-letter queue) hands them in batches
// of execution_cleanup_batch_size to at most execution_cleanup_maximum_concurrency packaged cancelExecutionRuns
// processes (function.zip started as Lambda starts it, each with its Runtime API), which read each history from a
// GetExecutionHistory stand-in (AWS_ENDPOINT_URL_SFN) and cancel the runs at an Extend stand-in enforcing the
// organisation's limit L, part of which "customer traffic" uses all along. Optionally a 1,000-run workflow batch is
// cancelled at the same time by cancelWorkflowBatch, invoked back to back as its state machine does.
//
// Reports: the functions' requests/s at the stand-in in every 1-second window (and every 2-second window), the share
// of their requests answered 429, requests per run cancelled, time to drain against total requests / budget, runs
// left in flight, records in the dead-letter queue. See bench/README.md.
//
// Usage: node bench/burst.mjs [--zip target/function.zip] [--executions 100] [--runs 10] [--org-limit 10]
//          [--budget N (default: extend_requests_per_second)] [--customer-rps (default: org limit - budget)]
//          [--with-batch 1000] [--maximum-concurrency N (default: execution_cleanup_maximum_concurrency)]
//          [--visibility-timeout-s S (default: the module's, 6 x execution_cleanup_timeout)]
//          [--java PATH]
// Everything on 127.0.0.1; bounded in time.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startRuntimeApi } from './lib/runtime-api.mjs';
import { startBatchExtendStub } from './lib/batch-extend-stub.mjs';
import { REPO, RIC_VERSION, findJava, javaCommand, lambdaEnv, moduleJavaToolOptions, newerJdkOptions, nativeCommand, rel, ricJars, unzipTask, zipEntries } from './lib/lambda-process.mjs';
import { awsHistory, startStepFunctionsStandIn } from '../infra/local-run/pipeline.mjs';

// ---------------------------------------------------------------- the module's settings
/** The default of `variable "<name>"` in terraform/variables.tf (a number), as bench/run.mjs reads java_tool_options. */
function moduleDefault(name) {
  const file = path.join(REPO, 'terraform', 'variables.tf');
  const value = fs.readFileSync(file, 'utf8').match(new RegExp(`variable "${name}" \\{[^}]*?\\n\\s*default\\s*=\\s*([0-9.]+)`))?.[1];
  if (value === undefined) throw new Error(`${file}: no numeric default for variable "${name}"`);
  return Number(value);
}
const floor3 = (x) => Math.floor(x * 1000) / 1000;

const tf = {
  budget: moduleDefault('extend_requests_per_second'),
  maximumConcurrency: moduleDefault('execution_cleanup_maximum_concurrency'),
  batchSize: moduleDefault('execution_cleanup_batch_size'),
  maxReceiveCount: moduleDefault('execution_cleanup_max_receive_count'),
  cleanupTimeoutS: moduleDefault('execution_cleanup_timeout'),
  timeoutS: moduleDefault('timeout'),
};

const o = { zip: path.join(REPO, 'target', 'function.zip'), executions: 100, runs: 10, orgLimit: 10, budget: tf.budget, customerRps: undefined, withBatch: 0, visibilityS: 6 * tf.cleanupTimeoutS, java: undefined };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const next = () => process.argv[++i];
  if (a === '--zip') o.zip = path.resolve(next());
  else if (a === '--executions') o.executions = Number(next());
  else if (a === '--runs') o.runs = Number(next());
  else if (a === '--org-limit') o.orgLimit = Number(next());
  else if (a === '--budget') o.budget = Number(next());
  else if (a === '--customer-rps') o.customerRps = Number(next());
  else if (a === '--with-batch') o.withBatch = Number(next());
  else if (a === '--maximum-concurrency') tf.maximumConcurrency = Number(next());
  else if (a === '--visibility-timeout-s') o.visibilityS = Number(next());
  else if (a === '--java') o.java = next();
  else {
    console.log('node bench/burst.mjs [--zip PATH] [--executions K] [--runs R] [--org-limit L] [--budget N] [--customer-rps N] [--with-batch RUNS] [--maximum-concurrency N] [--visibility-timeout-s S] [--java PATH]');
    process.exit(a === '-h' || a === '--help' ? 0 : 2);
  }
}
o.customerRps ??= o.orgLimit - o.budget;
if (!(o.executions >= 1 && o.runs >= 1 && o.budget > 0 && o.orgLimit >= o.budget && o.customerRps >= 0)) {
  console.error('bench burst: --executions and --runs must be >= 1, 0 < budget <= org limit, customer traffic >= 0');
  process.exit(2);
}

// The module's arithmetic (terraform/modules/operations, local.cleanup_share ...): the cleanup alone gets the whole
// budget; deployed with cancelWorkflowBatch (the only other function here), half each.
const cleanupShare = o.withBatch > 0 ? o.budget / 2 : o.budget;
const cleanupRate = floor3(cleanupShare / tf.maximumConcurrency);
const batchRate = floor3(o.budget - cleanupShare);

// ---------------------------------------------------------------- lifecycle
const children = [];
const cleanups = [];
let work;
function stop(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  Promise.all(cleanups.map((c) => c().catch(() => {}))).finally(() => {
    if (work && code === 0) fs.rmSync(work, { recursive: true, force: true });
    else if (work) console.error(`bench burst: function logs kept in ${work}`);
    process.exit(code);
  });
}
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop(130));
const expectedS = (o.executions * o.runs + o.withBatch * 1.1) / o.budget;
setTimeout(() => { console.error('bench burst: took too long, stopping'); stop(3); }, expectedS * 3000 + o.visibilityS * 1000 * tf.maxReceiveCount + 180_000).unref();

// ---------------------------------------------------------------- stand-ins
const ours = []; // the functions' requests at Extend: { at, status }
const customer = { requests: 0, rateLimited: 0 };
const extend = await startBatchExtendStub({
  ratePerSecond: o.orgLimit,
  onRequest: (r) => {
    if ((r.userAgent ?? '').startsWith('extend-cancel/')) ours.push({ at: r.at, status: r.status, url: r.url });
    else if (r.status === 429) customer.rateLimited++;
  },
});
cleanups.push(() => extend.close());

const ACCOUNT = '123456789012';
const STATE_MACHINE = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:pipeline`;
const history = { executions: new Map(), requests: [] };
const sfn = await startStepFunctionsStandIn(history, { pageSize: 1000 });
cleanups.push(() => sfn.close());

const executions = [];
for (let k = 0; k < o.executions; k++) {
  const name = `burst-${String(k).padStart(4, '0')}`;
  const arn = `arn:aws:states:us-east-1:${ACCOUNT}:execution:pipeline:${name}`;
  const ids = extend.seed(`exec${k}`, o.runs); // PENDING and PROCESSING workflow runs
  const events = [{ type: 'ExecutionStarted', input: { document: 's3://bucket/doc.pdf' } }];
  ids.forEach((id, i) => events.push({ type: 'StateExited', state: { name: `Start${i}`, type: 'Task', output: { StatusCode: 200, Payload: { object: 'workflow_run', id, status: 'PENDING' } } } }));
  events.push({ type: 'ExecutionAborted' });
  history.executions.set(arn, awsHistory(events, { States: {} }));
  executions.push({ arn, name, batchId: `exec${k}` });
}

// ---------------------------------------------------------------- the packaged functions
work = fs.mkdtempSync(path.join(os.tmpdir(), 'extend-cancel-bench-burst-'));
const task = path.join(work, 'task');
unzipTask(o.zip, task);
const isNative = zipEntries(o.zip).entries?.includes('bootstrap');
let handler = 'bootstrap';
let command;
if (isNative) {
  command = nativeCommand(task);
} else {
  const java = findJava(o.java);
  if (!java) throw new Error('no Java 21+ found for the JVM zip');
  handler = JSON.parse(fs.readFileSync(path.join(REPO, 'terraform/modules/operations/operations.json'), 'utf8')).flavours.jvm.handler;
  const ric = ricJars({ cacheDir: path.join(REPO, 'bench', '.cache', `ric-${RIC_VERSION}`), mavenRepo: path.join(os.homedir(), '.m2', 'repository'), log: () => {} });
  command = javaCommand({ java, jvmOptions: newerJdkOptions(java), classpath: [task, path.join(task, 'lib', '*'), ...ric.jars], handler });
}

/** One execution environment: a process polling its own Runtime API, as Lambda runs one per concurrent instance. */
async function startEnvironment(exportName, functionName, rate, timeoutS, n) {
  const api = await startRuntimeApi({ functionName, timeoutMs: timeoutS * 1000 });
  cleanups.push(() => api.close());
  const logFile = path.join(work, `${functionName}-${n}.log`);
  const child = spawn(command.cmd, command.args, {
    cwd: task,
    stdio: ['ignore', fs.openSync(logFile, 'w'), fs.openSync(logFile, 'a')],
    env: {
      ...lambdaEnv({ api, task, handler, version: '1', memoryMb: isNative ? 128 : 512, logStream: `bench-burst-${n}` }),
      ...(isNative ? {} : { JAVA_TOOL_OPTIONS: moduleJavaToolOptions() }),
      QUARKUS_FUNQY_EXPORT: exportName,
      EXTEND_API_KEY: 'bench-key',
      EXTEND_BASE_URL: extend.url,
      EXTEND_MAX_REQUESTS_PER_SECOND: String(rate),
      AWS_ACCESS_KEY_ID: 'ASIALOCALRUNEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
      AWS_SESSION_TOKEN: 'bench-session-token',
      AWS_ENDPOINT_URL_SFN: sfn.url,
    },
  });
  children.push(child);
  if (!(await api.nextPoll(120_000))) throw new Error(`${functionName} did not start (see ${logFile})`);
  return { api, logFile };
}

const environments = [];
for (let n = 0; n < tf.maximumConcurrency; n++) {
  environments.push(await startEnvironment('cancelExecutionRuns', 'extend-cancel-cancel-execution-runs', cleanupRate, tf.cleanupTimeoutS, n));
}
const batchEnvironment = o.withBatch > 0 ? await startEnvironment('cancelWorkflowBatch', 'extend-cancel-cancel-workflow-batch', batchRate, tf.timeoutS, 'batch') : undefined;

console.log(`bench burst: ${o.executions} stopped executions x ${o.runs} runs${o.withBatch ? ` and a batch of ${o.withBatch} runs` : ''}; Extend stand-in: organisation limit ${o.orgLimit}/s, customer traffic ${o.customerRps}/s; budget extend_requests_per_second=${o.budget}`);
console.log(`  module settings (terraform/variables.tf): maximum_concurrency ${tf.maximumConcurrency}, batch_size ${tf.batchSize}, maxReceiveCount ${tf.maxReceiveCount}, visibility timeout ${o.visibilityS} s, cleanup timeout ${tf.cleanupTimeoutS} s; EXTEND_MAX_REQUESTS_PER_SECOND cleanup ${cleanupRate}${o.withBatch ? `, cancelWorkflowBatch ${batchRate}` : ''}; ${rel(o.zip)} (${isNative ? 'native' : 'JVM'})`);

// ---------------------------------------------------------------- warm-up (not measured): one cold start each
for (const env of environments) await env.api.invoke({ executionArn: `arn:aws:states:us-east-1:${ACCOUNT}:execution:pipeline:warm-up` }, { timeoutMs: tf.cleanupTimeoutS * 1000 });
if (batchEnvironment) await batchEnvironment.api.invoke({ batchId: 'batch_warm_up' }, { timeoutMs: tf.timeoutS * 1000 });
ours.length = 0;

// ---------------------------------------------------------------- customer traffic, evenly spaced
let customerTimer;
if (o.customerRps > 0) {
  const agent = new http.Agent({ keepAlive: true });
  customerTimer = setInterval(() => {
    customer.requests++;
    const req = http.request(`${extend.url}/workflow_runs/customer_run`, { agent, headers: { authorization: 'Bearer customer-key', 'user-agent': 'customer-app/1' } }, (res) => res.resume());
    req.on('error', () => {});
    req.end();
  }, 1000 / o.customerRps);
}

// ---------------------------------------------------------------- the queue, as SQS and the event source mapping run it
const t0 = performance.now();
const queue = executions.map((e, i) => ({
  id: `msg-${i}`,
  // what an EventBridge rule sends to SQS: the event itself as the body
  body: JSON.stringify({ version: '0', id: `evt-${i}`, 'detail-type': 'Step Functions Execution Status Change', source: 'aws.states', account: ACCOUNT, time: new Date().toISOString(), region: 'us-east-1', resources: [e.arn], detail: { executionArn: e.arn, stateMachineArn: STATE_MACHINE, name: e.name, status: 'ABORTED', startDate: Date.now() - 60_000, stopDate: Date.now(), input: '{}', output: null } }),
  receiveCount: 0,
  visibleAt: t0,
}));
const dlq = [];
const stats = { invocations: 0, redelivered: 0, failedInvocations: 0, lastDeleteAt: t0 };

/** ReceiveMessage: up to `max` visible messages, each now invisible for the visibility timeout. */
function receive(max) {
  const now = performance.now();
  const got = [];
  for (let i = 0; i < queue.length && got.length < max;) {
    const m = queue[i];
    if (m.visibleAt <= now) {
      if (m.receiveCount >= tf.maxReceiveCount) { // SQS moves it to the DLQ instead of handing it out again
        queue.splice(i, 1);
        dlq.push(m);
        continue;
      }
      m.receiveCount++;
      if (m.receiveCount > 1) stats.redelivered++;
      m.visibleAt = now + o.visibilityS * 1000;
      got.push(m);
    }
    i++;
  }
  return got;
}

async function poller(env) {
  while (queue.length > 0) {
    const batch = receive(tf.batchSize);
    if (batch.length === 0) {
      await new Promise((r) => setTimeout(r, 100)); // long polling, compressed
      continue;
    }
    const event = { Records: batch.map((m) => ({ messageId: m.id, receiptHandle: `rh-${m.id}-${m.receiveCount}`, body: m.body, attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(Date.now()), SenderId: 'AIDAEVENTBRIDGE', ApproximateFirstReceiveTimestamp: String(Date.now()) }, messageAttributes: {}, md5OfBody: '0', eventSource: 'aws:sqs', eventSourceARN: `arn:aws:sqs:us-east-1:${ACCOUNT}:extend-cancel-execution-cleanup`, awsRegion: 'us-east-1' })) };
    stats.invocations++;
    const r = await env.api.invoke(event, { timeoutMs: tf.cleanupTimeoutS * 1000 });
    if (!r.ok) { // a failed invocation: every record comes back after the visibility timeout
      stats.failedInvocations++;
      continue;
    }
    const failed = new Set((r.json?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    for (const m of batch) {
      if (!failed.has(m.id)) {
        queue.splice(queue.indexOf(m), 1); // DeleteMessage
        stats.lastDeleteAt = performance.now();
      }
    }
  }
}

async function batchLoop() {
  const batchId = 'batch_burst';
  extend.seed(batchId, o.withBatch);
  let answer;
  let invocations = 0;
  do {
    const r = await batchEnvironment.api.invoke({ batchId }, { timeoutMs: tf.timeoutS * 1000 });
    invocations++;
    if (!r.ok) throw new Error(`cancelWorkflowBatch failed: ${r.errorType} ${r.errorMessage}`);
    answer = r.json;
  } while (!answer.done && invocations < 500);
  return { done: answer.done, at: performance.now(), invocations, inFlight: extend.inFlight(batchId) };
}

const [batchResult] = await Promise.all([o.withBatch ? batchLoop() : Promise.resolve(undefined), ...environments.map(poller)]);
const drainedAt = Math.max(stats.lastDeleteAt, batchResult?.at ?? 0);
clearInterval(customerTimer);

// ---------------------------------------------------------------- figures
const seconds = (drainedAt - t0) / 1000;
const measured = ours.filter((r) => r.at >= t0 && r.at <= drainedAt);
const windows = (size) => {
  const counts = new Array(Math.max(1, Math.ceil(seconds / size))).fill(0);
  for (const r of measured) counts[Math.min(counts.length - 1, Math.floor((r.at - t0) / 1000 / size))]++;
  return counts;
};
const perSecond = windows(1);
const perTwo = windows(2);
const rateLimited = measured.filter((r) => r.status === 429).length;
const cancelled = executions.length * o.runs;
const cleanupRequests = measured.filter((r) => !r.url.startsWith('/workflow_runs?') && !r.url.includes('batch_burst')).length;
const inFlight = executions.reduce((n, e) => n + extend.inFlight(e.batchId), 0) + (batchResult?.inFlight ?? 0);
const ideal = measured.length / o.budget;

console.log('');
console.log('| executions x runs | batch | budget | org limit (customer) | time to drain | requests (429) | max req/s in a 1-s window | max in a 2-s window / 2 | 429 share | requests per run (cleanup) | drain / (requests / budget) | left in flight | DLQ |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| ${o.executions} x ${o.runs} | ${o.withBatch || '-'} | ${o.budget}/s | ${o.orgLimit}/s (${o.customerRps}/s) | ${seconds.toFixed(1)} s | ${measured.length} (${rateLimited}) | ${Math.max(...perSecond)} | ${(Math.max(...perTwo) / 2).toFixed(1)} | ${((rateLimited / Math.max(1, measured.length)) * 100).toFixed(2)} % | ${(cleanupRequests / cancelled).toFixed(3)} | ${(seconds / ideal).toFixed(3)} | ${inFlight} | ${dlq.length} |`);
console.log('');
console.log(`requests in each 1-s window: ${perSecond.join(' ')}`);
console.log(`invocations ${stats.invocations} (failed ${stats.failedInvocations}), records handed out again ${stats.redelivered}; customer requests ${customer.requests}, of them 429 ${customer.rateLimited}${batchResult ? `; batch: ${batchResult.invocations} invocations, done ${batchResult.done}` : ''}`);
const met = {
  window: Math.max(...perSecond) <= o.budget,
  share: rateLimited / Math.max(1, measured.length) < 0.02,
  perRun: cleanupRequests / cancelled < 1.3,
  drain: seconds <= 1.2 * ideal,
  inFlight: inFlight === 0,
  dlq: dlq.length === 0,
};
console.log(`targets: every 1-s window <= budget: ${met.window ? 'met' : 'NOT met'}; 429 share < 2 %: ${met.share ? 'met' : 'NOT met'}; requests per run < 1.3: ${met.perRun ? 'met' : 'NOT met'}; drain within 1.2 x requests / budget: ${met.drain ? 'met' : 'NOT met'}; none left in flight: ${met.inFlight ? 'met' : 'NOT met'}; DLQ empty: ${met.dlq ? 'met' : 'NOT met'}`);
stop(met.share && met.perRun && met.drain && met.inFlight && met.dlq ? 0 : 1);
