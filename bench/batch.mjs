#!/usr/bin/env node
// Batch goodput: the packaged function (exported as cancelWorkflowBatch) cancels a 2,000-run batch against a stateful
// Extend stand-in that enforces N requests/s (token bucket, burst one second's worth; above it 429 + Retry-After), the
// function configured with EXTEND_MAX_REQUESTS_PER_SECOND=N. Invoked back to back, as the state machine does (less
// its 2 s Wait), until it answers done. Reports goodput (runs cancelled per second, from the first invocation to the
// answer that says done) against N, and the share of requests answered 429. See bench/README.md.
//
// Usage: node bench/batch.mjs [--zip target/function.zip] [--rate 10] [--runs 2000] [--timeout-s 28] [--java PATH]
// Targets: goodput >= 0.9 x N, fewer than 2 % of requests answered 429. Everything on 127.0.0.1; bounded in time.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startRuntimeApi } from './lib/runtime-api.mjs';
import { startBatchExtendStub } from './lib/batch-extend-stub.mjs';
import { REPO, RIC_VERSION, findJava, javaCommand, lambdaEnv, newerJdkOptions, nativeCommand, rel, ricJars, unzipTask, zipEntries } from './lib/lambda-process.mjs';

const o = { zip: path.join(REPO, 'target', 'function.zip'), rate: 10, runs: 2000, timeoutS: 28, java: undefined };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const next = () => process.argv[++i];
  if (a === '--zip') o.zip = path.resolve(next());
  else if (a === '--rate') o.rate = Number(next());
  else if (a === '--runs') o.runs = Number(next());
  else if (a === '--timeout-s') o.timeoutS = Number(next());
  else if (a === '--java') o.java = next();
  else {
    console.log('node bench/batch.mjs [--zip PATH] [--rate N] [--runs N] [--timeout-s S] [--java PATH]');
    process.exit(a === '-h' || a === '--help' ? 0 : 2);
  }
}
if (!(o.rate >= 1 && o.runs >= 1 && o.timeoutS >= 3 && o.timeoutS <= 900)) {
  console.error('bench batch: --rate and --runs must be >= 1, --timeout-s within 3..900');
  process.exit(2);
}

let child;
let work;
const cleanups = [];
function stop(code) {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  Promise.all(cleanups.map((c) => c().catch(() => {}))).finally(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    process.exit(code);
  });
}
process.on('exit', () => child?.exitCode === null && child.kill('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop(130));
// bounded: the batch needs runs / rate seconds; allow three times that, plus start-up
setTimeout(() => { console.error('bench batch: took too long, stopping'); stop(3); }, (o.runs / o.rate) * 3000 + 120_000).unref();

const extend = await startBatchExtendStub({ ratePerSecond: o.rate });
cleanups.push(() => extend.close());
const api = await startRuntimeApi({ functionName: 'extend-cancel-cancel-workflow-batch', timeoutMs: o.timeoutS * 1000 });
cleanups.push(() => api.close());

work = fs.mkdtempSync(path.join(os.tmpdir(), 'extend-cancel-bench-batch-'));
const task = path.join(work, 'task');
unzipTask(o.zip, task);
const isNative = zipEntries(o.zip).entries?.includes('bootstrap');
let command;
let handler = 'bootstrap';
if (isNative) {
  command = nativeCommand(task);
} else {
  const java = findJava(o.java);
  if (!java) throw new Error('no Java 21+ found for the JVM zip');
  handler = JSON.parse(fs.readFileSync(path.join(REPO, 'terraform/modules/operations/operations.json'), 'utf8')).flavours.jvm.handler;
  const ric = ricJars({ cacheDir: path.join(REPO, 'bench', '.cache', `ric-${RIC_VERSION}`), mavenRepo: path.join(os.homedir(), '.m2', 'repository'), log: () => {} });
  command = javaCommand({ java, jvmOptions: newerJdkOptions(java), classpath: [task, path.join(task, 'lib', '*'), ...ric.jars], handler });
}
const batchId = 'batch_bench';
extend.seed(batchId, o.runs);
const logFile = path.join(work, 'function.log');
child = spawn(command.cmd, command.args, {
  cwd: task,
  stdio: ['ignore', fs.openSync(logFile, 'w'), fs.openSync(logFile, 'a')],
  env: {
    ...lambdaEnv({ api, task, handler, version: '1', memoryMb: isNative ? 128 : 512, logStream: 'bench-batch' }),
    QUARKUS_FUNQY_EXPORT: 'cancelWorkflowBatch',
    EXTEND_API_KEY: 'bench-key',
    EXTEND_BASE_URL: extend.url,
    EXTEND_MAX_REQUESTS_PER_SECOND: String(o.rate),
  },
});
if (!(await api.nextPoll(60_000))) {
  console.error(`bench batch: the function did not start\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
  stop(1);
}

console.log(`bench batch: ${o.runs} runs, Extend stand-in enforcing ${o.rate} requests/s, EXTEND_MAX_REQUESTS_PER_SECOND=${o.rate}, ${o.timeoutS} s per invocation, ${rel(o.zip)} (${isNative ? 'native' : 'JVM'})`);
const t0 = performance.now();
const answers = [];
let answer;
do {
  const r = await api.invoke({ batchId }, { timeoutMs: o.timeoutS * 1000 });
  if (!r.ok) {
    console.error(`bench batch: invocation ${answers.length + 1} failed: ${r.errorType} ${r.errorMessage ?? r.text}`);
    stop(1);
  }
  answer = r.json;
  answers.push(answer);
  console.log(`  invocation ${answers.length}: cancelled ${answer.cancelled}, alreadyStopped ${answer.alreadyStopped}, failed ${answer.failed.length}, remaining ${answer.remaining}, done ${answer.done} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
} while (!answer.done && answers.length < 1000);
const seconds = (performance.now() - t0) / 1000;
const cancelled = answers.reduce((n, a) => n + a.cancelled, 0);
const goodput = cancelled / seconds;
const share429 = extend.stats.rateLimited / extend.stats.requests;
const requestRate = extend.stats.requests / seconds;
const ok = goodput >= 0.9 * o.rate && share429 < 0.02 && extend.inFlight(batchId) === 0 && cancelled === o.runs;

console.log('');
console.log('| runs | limit N | invocations | time | Extend requests (429) | goodput | goodput / N | 429 share | left in flight |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| ${o.runs} | ${o.rate}/s | ${answers.length} | ${seconds.toFixed(1)} s | ${extend.stats.requests} (${extend.stats.rateLimited}) | ${goodput.toFixed(2)} runs/s | ${(goodput / o.rate).toFixed(3)} | ${(share429 * 100).toFixed(2)} % | ${extend.inFlight(batchId)} |`);
console.log('');
console.log(`requests/s overall ${requestRate.toFixed(2)}; lists ${extend.stats.lists}, cancels ${extend.stats.cancels}, reads ${extend.stats.reads}`);
console.log(`targets: goodput >= 0.9 x N: ${goodput >= 0.9 * o.rate ? 'met' : 'NOT met'}; 429 share < 2 %: ${share429 < 0.02 ? 'met' : 'NOT met'}; all ${o.runs} cancelled, none left: ${cancelled === o.runs && extend.inFlight(batchId) === 0 ? 'yes' : 'NO'}`);
stop(ok ? 0 : 1);
