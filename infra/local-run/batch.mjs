#!/usr/bin/env node
// Runs the draining state machines (infra/statemachines/cancel-workflow-batch.asl.json, cancel-runs.asl.json) on this
// machine with the npm ASL interpreter aws-local-stepfunctions, their lambda:invoke Task answered by the REAL packaged
// function (function.zip, JVM or native, exported as cancelWorkflowBatch, then as cancelRuns) under the loopback
// Lambda Runtime API emulator, against a stateful Extend stand-in that knows workflows and processors and enforces a
// rate limit (bench/lib/batch-extend-stub.mjs). The invocations get a short deadline (4 s), so a batch of 400 runs, or
// a workflow's 500 runs, at 50 requests/s takes several invocations: the loop (Choice + Wait) must invoke the function
// until it answers done, nothing selected may be left in flight, and 500 decoy runs (other workflows, processors)
// must get no cancel at all. See infra/local-run/README.md.
//
// Usage: node infra/local-run/batch.mjs [--zip target/function.zip] [--java PATH] [--verbose] [--keep]   (from any cwd)
// Needs: Node 20+, `cd infra && npm ci`, unzip, a Java 21+ for a JVM zip. Everything listens on 127.0.0.1 only.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startRuntimeApi } from '../../bench/lib/runtime-api.mjs';
import { startBatchExtendStub } from '../../bench/lib/batch-extend-stub.mjs';
import { RIC_VERSION, findJava, javaCommand, lambdaEnv, newerJdkOptions, nativeCommand, rel, ricJars, unzipTask, which, zipEntries } from '../../bench/lib/lambda-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INFRA = path.dirname(HERE);
const REPO = path.dirname(INFRA);
const OPERATIONS_FILE = path.join(REPO, 'terraform', 'modules', 'operations', 'operations.json');
const RATE = 50; // requests/s: the function's EXTEND_MAX_REQUESTS_PER_SECOND, and what the stand-in enforces
const DEADLINE_MS = 4000; // each invocation's time: far less than the batch needs

const o = { zip: path.join(REPO, 'target', 'function.zip'), java: undefined, verbose: false, keep: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--zip') o.zip = path.resolve(process.argv[++i]);
  else if (a === '--java') o.java = process.argv[++i];
  else if (a === '--verbose') o.verbose = true;
  else if (a === '--keep') o.keep = true;
  else if (a === '-h' || a === '--help') {
    console.log('node infra/local-run/batch.mjs [--zip PATH] [--java PATH] [--verbose] [--keep]');
    process.exit(0);
  } else {
    console.error(`local-run batch: unknown option ${a}`);
    process.exit(2);
  }
}

// aws-local-stepfunctions 3.x uses Promise.withResolvers (Node 22+); supply it on Node 20 (as run.mjs does).
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

let child;
let workDir;
const closers = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms).unref?.());
function killChild() {
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {}
  }
}
async function finish(code) {
  killChild();
  for (const close of closers.splice(0).reverse()) await Promise.race([close().catch(() => {}), sleep(5000)]);
  if (workDir && !o.keep) fs.rmSync(workDir, { recursive: true, force: true });
  else if (workDir) console.log(`local-run batch: kept ${workDir}`);
  process.exit(code);
}
process.on('exit', killChild);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(130));
const crash = (err) => {
  console.error(`local-run batch: ${err?.stack ?? err}`);
  console.log('0 passed, 1 failed');
  finish(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
setTimeout(() => crash(new Error('no result within 360 s')), 360_000).unref();

/** templatefile(file, { function_arns }) as the Terraform module renders it. */
function render(file, arns) {
  const text = fs.readFileSync(file, 'utf8').replace(/\$\{\s*function_arns\.([A-Za-z0-9_]+)\s*\}/g, (m, fn) => {
    if (!arns[fn]) throw new Error(`${rel(file)} invokes ${fn}, which has no ARN here`);
    return arns[fn];
  });
  return JSON.parse(text);
}

async function main() {
  let StateMachine;
  try {
    ({ StateMachine } = await import(path.join(INFRA, 'node_modules', 'aws-local-stepfunctions', 'build', 'main.node.esm.js')));
  } catch (err) {
    console.error(`local-run batch: aws-local-stepfunctions is not installed: run \`npm ci\` in infra/ (${err.message.split('\n')[0]})`);
    process.exit(2);
  }
  if (!fs.existsSync(o.zip)) {
    console.error(`local-run batch: ${o.zip} does not exist: build it with ./mvnw package (or pass --zip PATH)`);
    process.exit(2);
  }
  if (!which('unzip')) {
    console.error('local-run batch: unzip is required');
    process.exit(2);
  }
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'extend-cancel-local-batch-'));
  const task = path.join(workDir, 'task');
  unzipTask(o.zip, task);
  const isNative = zipEntries(o.zip).entries?.includes('bootstrap');

  const extend = await startBatchExtendStub({ ratePerSecond: RATE, maxPageSize: 100 });
  closers.push(() => extend.close());
  const operations = JSON.parse(fs.readFileSync(OPERATIONS_FILE, 'utf8'));

  /** The packaged function exported as `fn`, polling its own loopback Runtime API. */
  async function startFunction(fn, slug) {
    const functionName = `extend-cancel-${slug}`;
    const aliasArn = `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:live`;
    const api = await startRuntimeApi({ functionName, functionArn: aliasArn, timeoutMs: DEADLINE_MS });
    closers.push(() => api.close());
    let command;
    let handler = 'bootstrap';
    if (isNative) {
      command = nativeCommand(task);
    } else {
      const java = findJava(o.java);
      if (!java) throw new Error('the zip is a JVM build and no Java 21+ was found (set JAVA_HOME or pass --java)');
      handler = operations.flavours.jvm.handler;
      const ric = ricJars({
        reuse: [path.join(REPO, 'bench', '.cache', `ric-${RIC_VERSION}`), path.join(HERE, '.cache', `ric-${RIC_VERSION}`)],
        mavenRepo: process.env.MAVEN_REPOSITORY ?? path.join(os.homedir(), '.m2', 'repository'),
        cacheDir: path.join(HERE, '.cache', `ric-${RIC_VERSION}`),
        log: (line) => console.log(`local-run batch: ${line}`),
      });
      command = javaCommand({ java, jvmOptions: newerJdkOptions(java), classpath: [task, path.join(task, 'lib', '*'), ...ric.jars], handler });
    }
    const env = {
      ...(operations.flavours[isNative ? 'native' : 'jvm'].environment ?? {}),
      ...lambdaEnv({ api, task, handler, version: '1', memoryMb: 512, logStream: `local-run-${slug}` }),
      QUARKUS_FUNQY_EXPORT: fn,
      EXTEND_API_KEY: 'local-key',
      EXTEND_BASE_URL: extend.url,
      EXTEND_MAX_REQUESTS_PER_SECOND: String(RATE),
    };
    const logFile = path.join(workDir, `${slug}.log`);
    const logFd = fs.openSync(logFile, 'w');
    killChild(); // one function process at a time
    child = spawn(command.cmd, command.args, { cwd: task, env, stdio: ['ignore', logFd, logFd] });
    child.once('exit', (code, signal) => api.failInFlight(`function process exited (${code ?? signal})`, { queued: true }));
    const ready = await api.nextPoll(60_000);
    if (!ready) throw new Error(`the function did not start:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    return { api, aliasArn, logFile };
  }

  const batchScenarios = [
    {
      name: 'batch larger than one invocation',
      setup: () => extend.seed('batch_local', 440, { finishedEvery: 11 }),
      input: { batchId: 'batch_local' },
      check: (r) => {
        const inFlightSeeded = 440 - 40;
        return [
          ['SUCCEEDED', r.status === 'SUCCEEDED', r.error],
          ['done', r.output?.done === true, r.output],
          ['more than one invocation', r.invocations.length > 1, r.invocations.length],
          ['every invocation answered (none failed)', r.invocations.every((i) => i.ok), r.invocations.map((i) => i.errorType)],
          [`cancelled ${inFlightSeeded} in all`, r.output?.cancelled === inFlightSeeded, r.output?.cancelled],
          ['invocations counted', r.output?.invocations === r.invocations.length, r.output?.invocations],
          ['nothing of the batch in flight', extend.inFlight('batch_local') === 0, extend.inFlight('batch_local')],
          ['no run reported cancelled that Extend did not confirm', r.output?.cancelled <= extend.confirmed().size, extend.confirmed().size],
          ['no request above the limit (429)', extend.stats.rateLimited === 0, extend.stats.rateLimited],
          ['end state', r.lastState === 'BatchCancelled', r.lastState],
        ];
      },
    },
    {
      name: 'a run that stays in flight after its cancel',
      setup: () => extend.stuck(extend.seed('batch_stuck', 6)[3]),
      input: { batchId: 'batch_stuck', workspaceId: 'ws_local' },
      check: (r) => [
        ['FAILED with BatchNotFinished', r.status === 'FAILED' && r.error?.Error === 'BatchNotFinished', r.error],
        ['4 invocations (progress, then 3 without)', r.invocations.length === 4, r.invocations.length],
        ['the others were cancelled', extend.inFlight('batch_stuck') === 1, extend.inFlight('batch_stuck')],
      ],
    },
    {
      name: 'no batchId in the input',
      input: { id: 'batch_x' },
      check: (r) => [
        ['FAILED with InvalidInput', r.status === 'FAILED' && r.error?.Error === 'InvalidInput', r.error],
        ['the function is not invoked', r.invocations.length === 0, r.invocations.length],
      ],
    },
  ];

  // 500 decoys in flight beside the selected runs: other workflows, a batch of another workflow, every processor kind
  let decoys = [];
  const decoysInFlight = () => extend.inFlightOf('workflow_decoy') + extend.inFlightOf('workflow_of_batch_decoy')
    + extend.inFlightOf('ex_decoy') + extend.inFlightOf('cl_decoy') + extend.inFlightOf('spl_decoy');
  const decoysUntouched = () => [
    ['no cancel reached a decoy', decoys.filter((id) => extend.cancelRequested().has(id)).length === 0, decoys.filter((id) => extend.cancelRequested().has(id)).slice(0, 5)],
    ['500 decoys still in flight', decoysInFlight() === 500, decoysInFlight()],
  ];
  const runsScenarios = [
    {
      name: "a workflow's 500 runs, 500 decoys in flight",
      setup: () => {
        decoys = [
          ...extend.seedRuns('workflow_runs', 'workflow_decoy', 200),
          ...extend.seed('batch_decoy', 100),
          ...extend.seedRuns('extract_runs', 'ex_decoy', 100, { status: 'PROCESSING' }),
          ...extend.seedRuns('classify_runs', 'cl_decoy', 50, { status: 'PROCESSING' }),
          ...extend.seedRuns('split_runs', 'spl_decoy', 50, { status: 'PROCESSING' }),
        ];
        extend.seedRuns('workflow_runs', 'workflow_local', 500);
      },
      input: { workflowId: 'workflow_local' },
      check: (r) => [
        ['SUCCEEDED', r.status === 'SUCCEEDED', r.error],
        ['done', r.output?.done === true, r.output],
        ['the selector in the totals', r.output?.selector?.workflowId === 'workflow_local', r.output?.selector],
        ['more than one invocation', r.invocations.length > 1, r.invocations.length],
        ['every invocation answered (none failed)', r.invocations.every((i) => i.ok), r.invocations.map((i) => i.errorType)],
        ['cancelled 500 in all', r.output?.cancelled === 500, r.output?.cancelled],
        ['nothing of the workflow in flight', extend.inFlightOf('workflow_local') === 0, extend.inFlightOf('workflow_local')],
        ['no request above the limit (429)', extend.stats.rateLimited === 0, extend.stats.rateLimited],
        ['end state', r.lastState === 'RunsCancelled', r.lastState],
        ...decoysUntouched(),
      ],
    },
    {
      name: "an extractor's runs",
      setup: () => extend.seedRuns('extract_runs', 'ex_local', 60, { status: 'PROCESSING' }),
      input: { extractorId: 'ex_local', workspaceId: 'ws_local' },
      check: (r) => [
        ['SUCCEEDED', r.status === 'SUCCEEDED', r.error],
        ['cancelled 60', r.output?.cancelled === 60, r.output],
        ['nothing of the extractor in flight', extend.inFlightOf('ex_local') === 0, extend.inFlightOf('ex_local')],
        ...decoysUntouched(),
      ],
    },
    {
      name: 'no selector in the input',
      input: { id: 'workflow_x' },
      check: (r) => [
        ['FAILED with InvalidInput', r.status === 'FAILED' && r.error?.Error === 'InvalidInput', r.error],
        ['the function is not invoked', r.invocations.length === 0, r.invocations.length],
      ],
    },
    {
      name: 'an Extend that ignores the filter (last: it stays so)',
      setup: () => {
        extend.seedRuns('workflow_runs', 'workflow_late', 20);
        extend.ignoreFilters();
      },
      input: { workflowId: 'workflow_late' },
      check: (r) => [
        ['FAILED with ExtendRejectedRequest', r.status === 'FAILED' && r.error?.Error === 'dev.extendcancel.error.ExtendRejectedRequest', r.error],
        ['not retried: one invocation', r.invocations.length === 1, r.invocations.length],
        ['nothing of the workflow cancelled', extend.inFlightOf('workflow_late') === 20, extend.inFlightOf('workflow_late')],
        ...decoysUntouched(),
      ],
    },
  ];

  const machines = [
    { definition: path.join(INFRA, 'statemachines', 'cancel-workflow-batch.asl.json'), fn: 'cancelWorkflowBatch', slug: 'cancel-workflow-batch', taskState: 'CancelWorkflowBatch', scenarios: batchScenarios },
    { definition: path.join(INFRA, 'statemachines', 'cancel-runs.asl.json'), fn: 'cancelRuns', slug: 'cancel-runs', taskState: 'CancelRuns', scenarios: runsScenarios },
  ];

  let passed = 0;
  let failed = 0;
  let invocationCount = 0;
  for (const m of machines) {
    const { api, aliasArn, logFile } = await startFunction(m.fn, m.slug);
    const machine = new StateMachine(render(m.definition, { [m.fn]: aliasArn }));
    console.log(`local-run batch: ${rel(m.definition)} on aws-local-stepfunctions, ${rel(o.zip)} (${isNative ? 'native' : 'JVM'}) as ${m.fn}, ${DEADLINE_MS / 1000} s per invocation; Extend stand-in limited to ${RATE} requests/s`);
    let failedHere = 0;
    for (const s of m.scenarios) {
      s.setup?.();
      const invocations = [];
      const handler = async (input) => {
        const answer = await api.invoke(input.Payload ?? {}, { timeoutMs: DEADLINE_MS, initSlackMs: 0 });
        invocations.push(answer);
        if (o.verbose) console.log(`    invocation: ${answer.ok ? answer.text : answer.errorType}`);
        if (!answer.ok) {
          const err = new Error(answer.text ?? answer.errorMessage);
          err.name = answer.errorType ?? 'Lambda.Unknown';
          throw err;
        }
        return { ExecutedVersion: '1', Payload: answer.json, StatusCode: 200 };
      };
      const t0 = performance.now();
      const execution = machine.run(s.input, {
        overrides: {
          taskResourceLocalHandlers: { [m.taskState]: handler },
          retryIntervalOverrides: { [m.taskState]: 20 },
          waitTimeOverrides: { WaitBeforeNext: 50 },
        },
      });
      const events = [];
      const collecting = (async () => { for await (const e of execution.eventLogs) events.push(e); })();
      const r = { invocations };
      try {
        r.output = await execution.result;
        r.status = 'SUCCEEDED';
      } catch (err) {
        const cause = err.cause instanceof Error ? err.cause : err;
        r.status = 'FAILED';
        r.error = { Error: cause.name, Cause: cause.message };
      }
      await Promise.race([collecting, sleep(2000)]);
      r.lastState = events.filter((e) => e.type === 'StateEntered').at(-1)?.state.name;
      const bad = s.check(r).filter(([, ok]) => !ok);
      const summary = `${r.status}${r.error ? ` with ${r.error.Error}` : ''}; ${invocations.length} invocation(s) [${invocations.map((i) => (i.ok ? `cancelled ${i.json?.cancelled}, remaining ${i.json?.remaining}` : i.errorType)).join('; ')}]; ${((performance.now() - t0) / 1000).toFixed(1)} s`;
      if (bad.length === 0) {
        passed++;
        console.log(`PASS ${s.name}: ${summary}`);
      } else {
        failed++;
        failedHere++;
        console.log(`FAIL ${s.name}: ${summary}`);
        for (const [what, , got] of bad) console.log(`     - ${what}: got ${JSON.stringify(got)?.slice(0, 400)}`);
      }
    }
    if (failedHere > 0) console.log(`local-run batch: ${m.fn} log:\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}`);
    invocationCount += api.stats.invocations;
  }
  console.log(`local-run batch: ${invocationCount} invocations, ${extend.stats.requests} Extend requests (${extend.stats.rateLimited} answered 429)`);
  console.log(`${passed} passed, ${failed} failed`);
  return finish(failed === 0 ? 0 : 1);
}

main();
