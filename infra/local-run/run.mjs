#!/usr/bin/env node
// Runs the example state machine (infra/statemachines/cancel-workflow-run.asl.json) on this machine with the npm ASL
// interpreter aws-local-stepfunctions, its lambda:invoke Task answered by the REAL packaged function (function.zip,
// JVM or native) running under a loopback Lambda Runtime API emulator against a loopback Extend stand-in, and checks
// that the Retry and Catch paths do what the definition says. See infra/local-run/README.md.
//
// Usage: node infra/local-run/run.mjs [--zip target/function.zip] [--java PATH] [--verbose] [--keep]   (from any cwd)
// Needs: Node 20+, `cd infra && npm ci`, unzip, a Java 21+ for a JVM zip. Everything listens on 127.0.0.1 only.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startRuntimeApi } from '../../bench/lib/runtime-api.mjs';
import { startExtendStub } from '../../bench/lib/extend-stub.mjs';
import { runPipelineScenarios } from './pipeline.mjs';
import { RIC_MAIN, RIC_VERSION, findJava, javaCommand, lambdaEnv, newerJdkOptions, nativeCommand, rel, ricJars, unzipTask, which, zipEntries } from '../../bench/lib/lambda-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INFRA = path.dirname(HERE);
const REPO = path.dirname(INFRA);
const DEFINITION_FILE = path.join(INFRA, 'statemachines', 'cancel-workflow-run.asl.json');
const OPERATIONS_FILE = path.join(REPO, 'terraform', 'modules', 'operations', 'operations.json');
const FUNCTION = 'cancelWorkflowRun';
const ERR = 'dev.extendcancel.error.';

const HELP = `node infra/local-run/run.mjs [options]

  --zip PATH            the packaged function (JVM or native)   [default: <repo>/target/function.zip]
  --java PATH           java 21+ for a JVM zip                   [default: $JAVA_HOME/bin/java if 21+, else the lowest 21+ under /usr/lib/jvm]
  --handler STRING      JVM handler                              [default: the one Terraform deploys, from terraform/modules/operations/operations.json]
  --definition PATH     ASL template to run                      [default: infra/statemachines/cancel-workflow-run.asl.json]
  --start-timeout S     seconds the function may take to start  [default 60]
  --max-seconds S       abort the whole run after S seconds     [default 180]
  --verbose             print the function's log and every state machine event
  --keep                keep the temp dir (task root, function log)
  -h, --help`;

// ---------------------------------------------------------------- options
function parseArgs(argv) {
  const o = { zip: path.join(REPO, 'target', 'function.zip'), java: undefined, handler: undefined, definition: DEFINITION_FILE, startTimeoutS: 60, maxSeconds: 180, verbose: false, keep: false };
  const value = (i) => {
    if (i + 1 >= argv.length) die(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.match(/^(--[a-z-]+)=(.*)$/);
    if (eq) {
      argv.splice(i, 1, eq[1], eq[2]);
    }
    switch (argv[i]) {
      case '--zip': o.zip = path.resolve(value(i)); i++; break;
      case '--java': o.java = value(i); i++; break;
      case '--handler': o.handler = value(i); i++; break;
      case '--definition': o.definition = path.resolve(value(i)); i++; break;
      case '--start-timeout': o.startTimeoutS = Number(value(i)); i++; break;
      case '--max-seconds': o.maxSeconds = Number(value(i)); i++; break;
      case '--verbose': o.verbose = true; break;
      case '--keep': o.keep = true; break;
      case '-h': case '--help': console.log(HELP); process.exit(0); break;
      default: die(`unknown option ${argv[i]}\n\n${HELP}`);
    }
  }
  for (const k of ['startTimeoutS', 'maxSeconds']) {
    if (!Number.isFinite(o[k]) || o[k] <= 0 || o[k] > 3600) die(`--${k === 'startTimeoutS' ? 'start-timeout' : 'max-seconds'} must be a number of seconds in (0, 3600]`);
  }
  return o;
}

// ---------------------------------------------------------------- cleanup: always stop what this script started
let child;
/** further function processes (the pipeline's cancelExecutionRuns), killed with the first */
const helpers = [];
let workDir;
let keepWork = false;
const closers = [];
let cleaning;

function killChild() {
  for (const c of [child, ...helpers]) {
    if (c && c.exitCode === null && c.signalCode === null) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {}
    }
  }
}
async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    killChild();
    if (child && child.exitCode === null && child.signalCode === null) {
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
    }
    for (const close of closers.splice(0).reverse()) {
      await Promise.race([close().catch(() => {}), sleep(5000)]);
    }
    if (workDir && !keepWork) fs.rmSync(workDir, { recursive: true, force: true });
    else if (workDir) console.log(`local-run: kept ${workDir}`);
  })();
  return cleaning;
}
async function exit(code) {
  await cleanup();
  process.exit(code);
}
function die(msg) {
  console.error(`local-run: ${msg}`);
  // Synchronous: the servers live in this process and end with it; the function process is killed here.
  killChild();
  if (workDir && !keepWork) fs.rmSync(workDir, { recursive: true, force: true });
  process.exit(2);
}
process.on('exit', killChild);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { console.error(`local-run: ${sig}, stopping`); exit(130); });
function crash(err) {
  console.error(`local-run: ${err?.stack ?? err}`);
  console.log('0 passed, 1 failed');
  exit(1);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// ---------------------------------------------------------------- helpers
const sleep = (ms) => new Promise((r) => setTimeout(r, ms).unref?.());
function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms); }),
  ]);
}

// aws-local-stepfunctions 3.x targets Node 22 (engines >= 22) and uses Promise.withResolvers (Node 22+) in its Task
// state; on Node 20 supply it. Nothing else it needs is missing on Node 20 (AbortSignal.any is 20.3+).
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => { resolve = res; reject = rej; });
      return { promise, resolve, reject };
    },
  });
}

// ---------------------------------------------------------------- the function, started as Lambda starts it
function zipHasBootstrap(zip) {
  const { entries, error } = zipEntries(zip);
  if (!entries) die(`${zip} is not a readable zip: ${error}`);
  return entries.includes('bootstrap');
}

function functionCommand(o, task, isNative) {
  if (isNative) return { ...nativeCommand(task), describe: 'native: ./bootstrap (provided.al2023)', handler: 'bootstrap' };
  let java;
  try {
    java = findJava(o.java);
  } catch (err) {
    die(err.message);
  }
  if (!java) die('the zip is a JVM build and no Java 21+ was found (set JAVA_HOME or pass --java)');
  // The JVM handler Terraform deploys (operations.json is the map Terraform reads).
  const handler = o.handler ?? JSON.parse(fs.readFileSync(OPERATIONS_FILE, 'utf8')).flavours.jvm.handler;
  // The RIC 2.7.0 and its two dependencies: bench's cache if it has them, else the local Maven repository, else
  // fetched once with Maven into infra/local-run/.cache.
  const ric = ricJars({
    reuse: [path.join(REPO, 'bench', '.cache', `ric-${RIC_VERSION}`)],
    mavenRepo: process.env.MAVEN_REPOSITORY ?? path.join(os.homedir(), '.m2', 'repository'),
    cacheDir: path.join(HERE, '.cache', `ric-${RIC_VERSION}`),
    log: (line) => console.log(`local-run: ${line}`),
  });
  const { cmd, args } = javaCommand({ java, jvmOptions: newerJdkOptions(java), classpath: [task, path.join(task, 'lib', '*'), ...ric.jars], handler });
  return {
    cmd,
    args,
    handler,
    describe: `JVM: java ${java.version} (${java.java}) ${args.slice(0, -4).join(' ')} -cp <task>:<task>/lib/*:<RIC ${RIC_VERSION} from ${ric.from}> ${RIC_MAIN} ${handler}`,
  };
}

function functionEnv(api, extend, task, handler, isNative, exportName = FUNCTION, extra = {}) {
  // What Terraform sets for the flavour (e.g. DISABLE_SIGNAL_HANDLERS for native), from the map it reads.
  const flavourEnv = JSON.parse(fs.readFileSync(OPERATIONS_FILE, 'utf8')).flavours[isNative ? 'native' : 'jvm']?.environment ?? {};
  // Like Lambda: a fresh environment, nothing from the caller's (no stray EXTEND_* or QUARKUS_*).
  return {
    ...flavourEnv,
    ...lambdaEnv({ api, task, handler, version: '1', memoryMb: 512, logStream: 'local-run' }),
    QUARKUS_FUNQY_EXPORT: exportName,
    EXTEND_API_KEY: 'local-key',
    EXTEND_BASE_URL: extend.url,
    // One attempt per call: the function does not retry Extend itself, so the state machine's Retry is what runs.
    EXTEND_MAX_ATTEMPTS: '1',
    EXTEND_TIMEOUT: '2s',
    ...extra,
  };
}

// ---------------------------------------------------------------- the definition, rendered as Terraform renders it
/**
 * templatefile(file, { function_arns = {...} }) as terraform/modules/operations does: ${function_arns.<fn>} becomes
 * the ARN, $${ stays a literal ${. Anything else that templatefile would interpret is refused.
 */
function renderDefinition(file, functionArns, variables = {}) {
  const template = fs.readFileSync(file, 'utf8');
  const rendered = template.replace(/(\$?)\$\{\s*(?:function_arns\.([A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*))\s*\}|\$\$\{|%%\{/g, (m, escape, fn, name) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    if (escape) return m.slice(1); // $${function_arns.x} is a literal
    if (name !== undefined) {
      // the module's template_variables (e.g. the pipeline's connection ARN)
      if (variables[name] === undefined) throw new Error(`${rel(file)}: template variable ${name} has no value here`);
      return variables[name];
    }
    if (!functionArns[fn]) throw new Error(`${rel(file)} invokes ${fn}, which has no ARN here`);
    return functionArns[fn];
  });
  const leftover = rendered.match(/\$\{[^}]*\}|%\{[^}]*\}/);
  if (leftover && template.includes(leftover[0])) throw new Error(`${rel(file)}: template expression ${leftover[0]} is not one this renderer knows`);
  return JSON.parse(rendered);
}

/** Names of the Task states that use the optimized Lambda integration (arn:aws:states:::lambda:invoke). */
function lambdaInvokeStates(definition) {
  const out = [];
  const walk = (states) => {
    for (const [name, s] of Object.entries(states ?? {})) {
      if (s.Type === 'Task' && /^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/.test(s.Resource)) out.push(name);
      for (const b of s.Branches ?? []) walk(b.States);
      walk((s.ItemProcessor ?? s.Iterator)?.States);
    }
  };
  walk(definition.States);
  return out;
}

// ---------------------------------------------------------------- the lambda:invoke integration, through the emulator
/**
 * What Step Functions' lambda:invoke does with the Task's Parameters {FunctionName, Payload}: a synchronous Invoke.
 * Success: the integration's output {ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode},
 * which the definition's OutputPath "$.Payload" narrows to the function's result. A function error: the Task fails
 * with Error = the function's errorType and Cause = the error payload as a JSON string, which is what Retry/Catch
 * ErrorEquals match (aws-local-stepfunctions matches ErrorEquals against error.name, the Catch output is
 * {Error: error.name, Cause: error.message}).
 */
function lambdaInvokeHandler({ api, functionArn, record }) {
  return async (input) => {
    const functionName = input?.FunctionName;
    if (functionName !== functionArn && functionName !== api.functionName) {
      const err = new Error(`Function not found: ${functionName} (this local run serves ${functionArn} only)`);
      err.name = 'Lambda.ResourceNotFoundException';
      throw err;
    }
    const payload = input.Payload === undefined ? {} : input.Payload;
    const answer = await api.invoke(payload, { timeoutMs: 15_000, initSlackMs: 0 });
    record.push(answer);
    if (answer.ok) {
      const result = answer.json !== undefined ? answer.json : answer.text === '' ? null : answer.text;
      return {
        ExecutedVersion: '1',
        Payload: result,
        SdkHttpMetadata: { HttpHeaders: { 'X-Amz-Executed-Version': '1', 'x-amzn-RequestId': answer.requestId }, HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: answer.requestId },
        StatusCode: 200,
      };
    }
    const err = new Error(answer.text ?? JSON.stringify({ errorType: answer.errorType, errorMessage: answer.errorMessage }));
    err.name = answer.errorType ?? 'Lambda.Unknown';
    throw err;
  };
}

// ---------------------------------------------------------------- one execution
async function execute(machine, input, { handlers, taskStates, verbose, onEvent, context }) {
  // one handler for the given Task states, or a handler by state name
  const byState = typeof handlers === 'function' ? Object.fromEntries(taskStates.map((s) => [s, handlers])) : handlers;
  const overrides = {
    taskResourceLocalHandlers: byState,
    // The definition's Retry waits 5 s/3 s/1 s with backoff and full jitter; pause 20 ms instead so the run takes
    // seconds. Which retrier matched, and how often, is unchanged.
    retryIntervalOverrides: Object.fromEntries(Object.keys(byState).map((s) => [s, 20])),
  };
  const t0 = performance.now();
  const execution = machine.run(input, context ? { overrides, context } : { overrides });
  const events = [];
  const collecting = (async () => {
    for await (const e of execution.eventLogs) {
      events.push(e);
      onEvent?.(e, execution);
      if (verbose) console.log(`    event ${e.type}${e.state ? ` ${e.state.name}` : ''}${e.Error ? ` ${e.Error}` : ''}`);
    }
  })();
  let status;
  let output;
  let error;
  try {
    output = await withTimeout(execution.result, 45_000, 'execution');
    status = 'SUCCEEDED';
  } catch (err) {
    if (/no result within/.test(err.message)) execution.abort();
    status = 'FAILED';
    const cause = err.cause instanceof Error ? err.cause : err;
    error = { Error: cause.name, Cause: cause.message };
  }
  await withTimeout(collecting, 2000, 'event log').catch(() => {});
  return { status, output, error, events, ms: performance.now() - t0 };
}

// ---------------------------------------------------------------- scenarios
function scenarios(extend) {
  const kind = 'workflow_runs';
  const cancelPath = (id) => `/${kind}/${id}/cancel`;
  const extendError = (code, message) => ({ code, message, retryable: false, requestId: `req_local_${code.toLowerCase()}` });
  const parseCause = (cause) => {
    try {
      return JSON.parse(cause);
    } catch {
      return undefined;
    }
  };
  return [
    {
      name: 'happy path',
      input: { runId: 'wr_local_happy' },
      expect: 'SUCCEEDED with the cancelled run, 1 invocation',
      check: (r, c) => [
        c.eq('status', r.status, 'SUCCEEDED'),
        c.eq('output.id', r.output?.id, 'wr_local_happy'),
        c.eq('output.object', r.output?.object, 'workflow_run'),
        c.eq('output.status', r.output?.status, 'CANCELLED'),
        c.eq('output keeps unknown fields', r.output?.benchUnknownField?.kept, true),
        c.eq('invocations', r.invocations.length, 1),
        c.eq('Extend cancels', r.extendCalls.filter((x) => x.method === 'POST').length, 1),
        c.eq('end state', r.lastState, 'RunCancelled'),
      ],
    },
    {
      name: 'rate limited then success',
      input: { runId: 'wr_local_rate_limited', workspaceId: 'ws_local' },
      setup: () => extend.script('POST', cancelPath('wr_local_rate_limited'), [
        { status: 429, headers: { 'Retry-After': '0' }, body: extendError('RATE_LIMITED', 'Too many requests') },
      ]),
      expect: `429 (Retry-After: 0) -> ${ERR}ExtendRateLimited -> Retry -> SUCCEEDED, 2 invocations`,
      check: (r, c) => [
        c.eq('status', r.status, 'SUCCEEDED'),
        c.eq('output.status', r.output?.status, 'CANCELLED'),
        c.eq('output.id', r.output?.id, 'wr_local_rate_limited'),
        c.eq('invocations', r.invocations.length, 2),
        c.eq('function errors', r.invocations.filter((i) => !i.ok).map((i) => i.errorType), [`${ERR}ExtendRateLimited`]),
        c.eq('retries (retrier)', r.retries, [`${ERR}ExtendRateLimited`]),
        c.eq('Extend cancels', r.extendCalls.filter((x) => x.method === 'POST').length, 2),
        c.eq('workspace sent to Extend', [...new Set(r.extendCalls.map((x) => x.workspaceId))], ['ws_local']),
      ],
    },
    {
      name: 'Extend 503 once then success',
      input: { runId: 'wr_local_unavailable' },
      setup: () => extend.script('POST', cancelPath('wr_local_unavailable'), [
        { status: 503, body: extendError('SERVICE_UNAVAILABLE', 'Try again later') },
      ]),
      expect: `503 -> ${ERR}ExtendUnavailable -> Retry -> SUCCEEDED, 2 invocations`,
      check: (r, c) => [
        c.eq('status', r.status, 'SUCCEEDED'),
        c.eq('output.status', r.output?.status, 'CANCELLED'),
        c.eq('invocations', r.invocations.length, 2),
        c.eq('function errors', r.invocations.filter((i) => !i.ok).map((i) => i.errorType), [`${ERR}ExtendUnavailable`]),
        c.eq('retries (retrier)', r.retries, [`${ERR}ExtendUnavailable`]),
      ],
    },
    {
      name: 'not found',
      input: { runId: 'wr_local_missing' },
      setup: () => extend.script('POST', cancelPath('wr_local_missing'), [
        { status: 404, body: extendError('NOT_FOUND', 'Workflow run wr_local_missing not found') },
      ]),
      expect: `404 -> ${ERR}RunNotFound caught -> RunAlreadyGone -> SUCCEEDED {runId, outcome: RunNotFound, error}, 1 invocation`,
      check: (r, c) => [
        c.eq('status', r.status, 'SUCCEEDED'),
        c.eq('output.runId', r.output?.runId, 'wr_local_missing'),
        c.eq('output.outcome', r.output?.outcome, 'RunNotFound'),
        c.eq('output.error.Error', r.output?.error?.Error, `${ERR}RunNotFound`),
        c.eq('output.error.Cause is the error payload', parseCause(r.output?.error?.Cause)?.errorType, `${ERR}RunNotFound`),
        c.eq('invocations', r.invocations.length, 1),
        c.eq('retries', r.retries, []),
        c.eq('caught by', r.caught, [`${ERR}RunNotFound`]),
        c.eq('end state', r.lastState, 'RunAlreadyGone'),
      ],
    },
    {
      name: 'run already finished',
      input: { runId: 'wr_local_done' },
      setup: () => extend.setRun('workflow_runs', 'wr_local_done', { status: 'PROCESSED' }),
      expect: `cancel 400 + GET PROCESSED -> ${ERR}RunNotCancellable caught -> RunAlreadyFinished -> SUCCEEDED, 1 invocation`,
      check: (r, c) => [
        c.eq('status', r.status, 'SUCCEEDED'),
        c.eq('output.runId', r.output?.runId, 'wr_local_done'),
        c.eq('output.outcome', r.output?.outcome, 'RunNotCancellable'),
        c.eq('output.error.Error', r.output?.error?.Error, `${ERR}RunNotCancellable`),
        c.ok('output.error.Cause names PROCESSED', /PROCESSED/.test(String(parseCause(r.output?.error?.Cause)?.errorMessage)), r.output?.error?.Cause),
        c.eq('invocations', r.invocations.length, 1),
        c.eq('Extend calls', r.extendCalls.map((x) => x.method), ['POST', 'GET']),
        c.eq('caught by', r.caught, [`${ERR}RunNotCancellable`]),
        c.eq('end state', r.lastState, 'RunAlreadyFinished'),
      ],
    },
    {
      name: 'bad input (run id "a/b")',
      input: { runId: 'a/b' },
      expect: `${ERR}InvalidRunRequest, not retried; States.ALL -> CancelFailed re-raises it: FAILED with that error, 1 invocation, Extend not called`,
      check: (r, c) => [
        c.eq('status', r.status, 'FAILED'),
        c.eq('error', r.error?.Error, `${ERR}InvalidRunRequest`),
        c.eq('cause is the error payload', parseCause(r.error?.Cause)?.errorType, `${ERR}InvalidRunRequest`),
        c.eq('invocations', r.invocations.length, 1),
        c.eq('retries', r.retries, []),
        c.eq('Extend calls', r.extendAll.length, 0),
        c.eq('end state', r.lastState, 'CancelFailed'),
      ],
    },
    {
      name: 'no runId in the input',
      input: { id: 'wr_local_wrong_field' },
      expect: 'CheckInput -> InvalidInput: FAILED with InvalidInput, the function is not invoked',
      check: (r, c) => [
        c.eq('status', r.status, 'FAILED'),
        c.eq('error', r.error?.Error, 'InvalidInput'),
        c.eq('invocations', r.invocations.length, 0),
      ],
    },
  ];
}

const checker = {
  eq: (what, actual, expected) => {
    const ok = JSON.stringify(actual) === JSON.stringify(expected);
    return { ok, what, detail: ok ? undefined : `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}` };
  },
  ok: (what, cond, actual) => ({ ok: Boolean(cond), what, detail: cond ? undefined : `${what}: got ${JSON.stringify(actual)}` }),
};

// ---------------------------------------------------------------- main
async function main() {
  const o = parseArgs(process.argv.slice(2));
  keepWork = o.keep;
  const deadline = setTimeout(() => { console.error(`local-run: --max-seconds ${o.maxSeconds} reached, aborting`); console.log('0 passed, 1 failed'); exit(3); }, o.maxSeconds * 1000);
  deadline.unref();
  const started = performance.now();

  let StateMachine;
  try {
    ({ StateMachine } = await import(path.join(INFRA, 'node_modules', 'aws-local-stepfunctions', 'build', 'main.node.esm.js')));
  } catch (err) {
    die(`aws-local-stepfunctions is not installed: run \`npm ci\` in infra/ (${err.message.split('\n')[0]})`);
  }
  const alsfVersion = JSON.parse(fs.readFileSync(path.join(INFRA, 'node_modules', 'aws-local-stepfunctions', 'package.json'), 'utf8')).version;
  if (!fs.existsSync(o.zip)) die(`${o.zip} does not exist: build it with ./mvnw package (or pass --zip PATH)`);
  if (!which('unzip')) die('unzip is required');

  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'extend-cancel-local-run-'));
  const task = path.join(workDir, 'task');
  const isNative = zipHasBootstrap(o.zip);
  unzipTask(o.zip, task);

  // Extend stand-in: stateful, so a run seeded PROCESSED refuses the cancel (400) and GET shows it, as Extend does.
  const extend = await startExtendStub({ stateful: true });
  closers.push(() => extend.close());
  const functionName = 'extend-cancel-cancel-workflow-run';
  const functionArn = `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`;
  const aliasArn = `${functionArn}:live`;
  const api = await startRuntimeApi({ functionName, functionArn: aliasArn, timeoutMs: 15_000 });
  closers.push(() => api.close());

  const definition = renderDefinition(o.definition, { [FUNCTION]: aliasArn });
  const machine = new StateMachine(definition); // validates the definition (ASL + JSONPaths + ARNs)
  const taskStates = lambdaInvokeStates(definition);
  if (taskStates.length === 0) die(`${rel(o.definition)} has no lambda:invoke Task state`);

  const { cmd, args, describe, handler } = functionCommand(o, task, isNative);
  console.log(`local-run: state machine ${rel(o.definition)} (rendered with ${FUNCTION} = ${aliasArn}) on aws-local-stepfunctions ${alsfVersion}, Node ${process.versions.node}`);
  console.log(`local-run: lambda:invoke Task state(s) ${taskStates.join(', ')} answered by ${rel(o.zip)} (${isNative ? 'native' : 'JVM'}) through a Runtime API emulator on ${api.address}; Extend stand-in on ${extend.url}`);
  console.log(`local-run: function started as ${describe}`);

  const logFile = path.join(workDir, 'function.log');
  const logFd = fs.openSync(logFile, 'w');
  const t0 = performance.now();
  child = spawn(cmd, args, { cwd: task, env: functionEnv(api, extend, task, handler, isNative), stdio: ['ignore', o.verbose ? 'pipe' : logFd, o.verbose ? 'pipe' : logFd] });
  if (o.verbose) {
    for (const s of [child.stdout, child.stderr]) s.on('data', (d) => { fs.writeSync(logFd, d); process.stdout.write(`    fn| ${d.toString().replace(/\n(?=.)/g, '\n    fn| ')}`); });
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(`exited (${code ?? signal})`)));
  child.once('error', (err) => api.failInFlight(`spawn failed: ${err.message}`, { queued: true }));
  exited.then((why) => api.failInFlight(`function process ${why}`, { queued: true }));
  const ready = await Promise.race([
    api.nextPoll(o.startTimeoutS * 1000).then((p) => (p ? 'ready' : `not polling /next after ${o.startTimeoutS} s`)),
    api.nextInitError(o.startTimeoutS * 1000).then((e) => (e ? `init error ${e.errorType}: ${e.errorMessage}` : 'no init error')),
    exited,
  ]);
  if (cleaning) return undefined; // a signal is stopping the run
  if (ready !== 'ready') {
    console.error(`local-run: the function did not start: ${ready}\n--- ${logFile}\n${tail(logFile)}`);
    console.log('0 passed, 1 failed');
    return exit(1);
  }
  console.log(`local-run: function ready (polling /next) after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log('');

  let passed = 0;
  let failed = 0;
  for (const s of scenarios(extend)) {
    s.setup?.();
    const record = [];
    const extendBefore = extend.requests.length;
    const handlers = lambdaInvokeHandler({ api, functionArn: aliasArn, record });
    let r;
    let results;
    try {
      r = await execute(machine, s.input, { handlers, taskStates, verbose: o.verbose });
      const runId = typeof s.input.runId === 'string' ? s.input.runId : undefined;
      r.invocations = record;
      r.extendAll = extend.requests.slice(extendBefore);
      r.extendCalls = r.extendAll.filter((x) => runId && x.path.startsWith(`/workflow_runs/${runId}`));
      r.retries = r.events.filter((e) => e.type === 'StateRetried').map((e) => e.retry.retrier.ErrorEquals.join('|'));
      r.caught = r.events.filter((e) => e.type === 'StateCaught').map((e) => e.catch.catcher.ErrorEquals.join('|'));
      r.lastState = r.events.filter((e) => e.type === 'StateEntered').at(-1)?.state.name;
      results = s.check(r, checker);
    } catch (err) {
      results = [{ ok: false, detail: `scenario crashed: ${err.stack ?? err}` }];
    }
    const bad = results.filter((x) => !x.ok);
    const path_ = r?.events.filter((e) => e.type === 'StateEntered').map((e) => e.state.name).join(' > ');
    const short = (x) => String(x).replaceAll(ERR, '');
    const outcome = !r ? 'no result' : [
      `${r.status}${r.error ? ` with ${r.error.Error}` : ''}`,
      r.output && typeof r.output === 'object' ? `output ${r.output.status ? `run ${r.output.id} ${r.output.status}` : `outcome ${r.output.outcome}`}` : undefined,
      `${r.invocations?.length ?? '?'} invocation(s)${r.invocations?.length ? ` [${r.invocations.map((i) => (i.ok ? 'ok' : short(i.errorType))).join(', ')}]` : ''}`,
      r.retries?.length ? `retried on ${r.retries.map(short).join(', ')}` : undefined,
      r.caught?.length ? `caught by ${r.caught.map(short).join(', ')}` : undefined,
      `${path_}`,
      `${(r.ms / 1000).toFixed(2)} s`,
    ].filter(Boolean).join('; ');
    if (bad.length === 0) {
      passed++;
      console.log(`PASS ${s.name}: ${outcome}`);
    } else {
      failed++;
      console.log(`FAIL ${s.name}: ${outcome}`);
      console.log(`     expected: ${s.expect}`);
      for (const b of bad) console.log(`     - ${b.detail}`);
      if (r) console.log(`     output: ${JSON.stringify(r.output ?? r.error)?.slice(0, 600)}`);
    }
  }

  // The reference pipeline: task-level timeout (cancelWorkflowRun) and execution abort (cancelExecutionRuns).
  const pipeline = await runPipelineScenarios({
    repo: REPO,
    StateMachine,
    render: renderDefinition,
    extend,
    workflowRunApi: api,
    workflowRunArn: aliasArn,
    lambdaInvokeHandler,
    execute,
    verbose: o.verbose,
    workDir,
    startFunction: (exportName, fnApi, extra, file) => {
      const fd = fs.openSync(file, 'w');
      const process_ = spawn(cmd, args, { cwd: task, env: functionEnv(fnApi, extend, task, handler, isNative, exportName, extra), stdio: ['ignore', fd, fd] });
      helpers.push(process_);
      return process_;
    },
  });
  for (const p of pipeline) {
    if (p.ok) {
      passed++;
      console.log(`PASS ${p.name}: ${p.outcome}`);
    } else {
      failed++;
      console.log(`FAIL ${p.name}: ${p.outcome}`);
      for (const b of p.problems) console.log(`     - ${b}`);
    }
  }

  console.log('');
  const alive = child.exitCode === null && child.signalCode === null;
  if (!alive) {
    failed++;
    console.log(`FAIL function process: it ended during the run\n--- ${logFile}\n${tail(logFile)}`);
  }
  if (failed > 0 && !o.verbose) console.log(`local-run: function log (last lines of ${logFile}):\n${tail(logFile, 20)}`);
  console.log(`local-run: ${api.stats.invocations} invocations, ${extend.stats.requests} Extend requests, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  console.log(`${passed} passed, ${failed} failed`);
  return exit(failed === 0 ? 0 : 1);
}

main();
