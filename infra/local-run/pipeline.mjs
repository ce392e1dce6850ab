// The reference pipeline (infra/statemachines/extend-pipeline.asl.json) run locally, both halves of "a stopped
// pipeline stops its Extend runs" (see infra/local-run/README.md):
//
//   1. task-level timeout, handled in the machine: the wait for the run times out (States.Timeout; WaitForRun's
//      TimeoutSeconds shortened from 3600 to 1 s for this run only), the Catch cancels the run through the REAL
//      packaged cancelWorkflowRun;
//   2. execution-level abort, handled outside it: the execution is aborted while the run is in flight (no Catch
//      runs), its history as the interpreter recorded it is served by a Step Functions API stand-in in
//      GetExecutionHistory's shape (AWS JSON 1.0, pages joined by nextToken), and the REAL packaged
//      cancelExecutionRuns, fed the EventBridge event, reads it through the AWS SDK and cancels the run: in strict
//      mode (EXTEND_CLEANUP_OWNED_ONLY=true), so only because StartWorkflowRun tagged it with $$.Execution.Id and the
//      Extend stand-in echoed that metadata, as Extend does.
//
// Called by run.mjs after its own scenarios, with the function it already runs (cancelWorkflowRun) and what it needs
// to start a second one (cancelExecutionRuns). Everything listens on 127.0.0.1 only.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startRuntimeApi } from '../../bench/lib/runtime-api.mjs';

const ACCOUNT = '123456789012';
const STATE_MACHINE_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:extend-pipeline`;
const TARGET = 'AWSStepFunctions.GetExecutionHistory';
/** Small pages, so that the function has to follow nextToken as it does for long histories. */
const PAGE_SIZE = 3;

/**
 * @param {object} ctx
 * @param {string} ctx.repo                         repository root
 * @param {Function} ctx.StateMachine               aws-local-stepfunctions' StateMachine
 * @param {Function} ctx.render                     (file, functionArns, variables) => definition
 * @param {object} ctx.extend                       the stateful Extend stand-in
 * @param {object} ctx.workflowRunApi               Runtime API emulator of the running cancelWorkflowRun
 * @param {string} ctx.workflowRunArn               its alias ARN
 * @param {Function} ctx.lambdaInvokeHandler        ({api, functionArn, record}) => Task handler
 * @param {Function} ctx.execute                    (machine, input, {handlers, taskStates, verbose, onEvent}) => result
 * @param {Function} ctx.startFunction              (exportName, api, extraEnv, logFile) => child process
 * @param {string} ctx.workDir
 * @param {boolean} ctx.verbose
 * @returns {Promise<Array<{name: string, ok: boolean, outcome: string, problems: string[]}>>}
 */
export async function runPipelineScenarios(ctx) {
  const file = path.join(ctx.repo, 'infra', 'statemachines', 'extend-pipeline.asl.json');
  const definition = ctx.render(file, { cancelWorkflowRun: ctx.workflowRunArn }, {
    extend_connection_arn: `arn:aws:events:us-east-1:${ACCOUNT}:connection/extend-api/local`,
    callback_queue_url: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/extend-run-callbacks`,
  });
  // The HTTP and SQS tasks are answered locally below; the interpreter would only check their ARNs are Lambda's.
  const machine = new ctx.StateMachine(definition, { validationOptions: { checkArn: false } });
  const results = [];
  let runs = 0;

  /**
   * StartWorkflowRun (http:invoke): Extend creates a run, PROCESSING in the stand-in, with the request body's metadata,
   * which Extend echoes in every answer (this one, the cancel's, a read's); the task's result shape. The body the
   * task sent (after Parameters) is kept, so that a scenario can check the tag reached Extend.
   */
  const bodies = [];
  const startWorkflowRun = async (input) => {
    const id = `workflow_run_pipeline_${++runs}`;
    const body = input?.RequestBody ?? {};
    bodies.push(body);
    const run = ctx.extend.setRun('workflow_runs', id, { status: 'PROCESSING', metadata: body.metadata ?? {} });
    return { Headers: { 'content-type': ['application/json'] }, ResponseBody: run, StatusCode: 200, StatusText: 'OK' };
  };
  /** WaitForRun (sqs:sendMessage.waitForTaskToken): nobody ever sends the token back; the run stays in flight. */
  const waitForever = () => new Promise(() => {});

  // ---- 1. task-level timeout, handled in the machine
  {
    // the same definition with WaitForRun's hour shortened to a second
    const hurried = structuredClone(definition);
    hurried.States.WaitForRun.TimeoutSeconds = 1;
    const hurriedMachine = new ctx.StateMachine(hurried, { validationOptions: { checkArn: false } });
    const record = [];
    const handlers = {
      StartWorkflowRun: startWorkflowRun,
      WaitForRun: waitForever,
      CancelWorkflowRun: ctx.lambdaInvokeHandler({ api: ctx.workflowRunApi, functionArn: ctx.workflowRunArn, record }),
    };
    const before = ctx.extend.requests.length;
    const r = await ctx.execute(hurriedMachine, { workflowId: 'workflow_local', fileUrl: 'https://example.com/invoice.pdf' }, { handlers, verbose: ctx.verbose, context: taskContext(runs, `arn:aws:states:us-east-1:${ACCOUNT}:execution:extend-pipeline:local-timeout-${Date.now()}`) });
    const runId = `workflow_run_pipeline_${runs}`;
    const calls = ctx.extend.requests.slice(before).map((x) => `${x.method} ${x.path}`);
    const problems = [];
    expect(problems, 'status', `${r.status} ${r.error?.Error}`, 'FAILED ExtendRunTimedOut');
    expect(problems, 'path', entered(r).join(' > '), 'StartWorkflowRun > WaitForRun > CancelWorkflowRun > RunCancelled');
    expect(problems, 'caught', caught(r).join(','), 'States.ALL');
    expect(problems, 'Extend calls', calls.join(', '), `POST /workflow_runs/${runId}/cancel`);
    expect(problems, 'run status in Extend', ctx.extend.getRun('workflow_runs', runId)?.status, 'CANCELLED');
    results.push({
      name: 'pipeline: the wait for the run times out -> States.Timeout caught -> cancelWorkflowRun cancels the run',
      ok: problems.length === 0,
      outcome: `${r.status} with ${r.error?.Error}${r.error?.Error === "ExtendRunTimedOut" ? "" : ` (${r.error?.Cause})`}; ${entered(r).join(' > ')}; ${calls.join(', ')}; run ${ctx.extend.getRun('workflow_runs', runId)?.status}; ${(r.ms / 1000).toFixed(2)} s`,
      problems,
    });
  }

  // ---- 2. execution-level abort: nothing in the machine runs; EventBridge -> cancelExecutionRuns does
  const executionArn = `arn:aws:states:us-east-1:${ACCOUNT}:execution:extend-pipeline:local-${Date.now()}`;
  const history = { executions: new Map(), requests: [] };
  const standIn = await startStepFunctionsStandIn(history);
  const cleanupApi = await startRuntimeApi({ functionName: 'extend-cancel-cancel-execution-runs', functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:extend-cancel-cancel-execution-runs:live`, timeoutMs: 60_000 });
  const logFile = path.join(ctx.workDir, 'cancel-execution-runs.log');
  const child = ctx.startFunction('cancelExecutionRuns', cleanupApi, {
    // what Lambda gives every function (the role's temporary credentials, the region), and the SDK's own standard
    // variable for the Step Functions endpoint
    AWS_ACCESS_KEY_ID: 'ASIALOCALRUNEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'local-run-secret-access-key',
    AWS_SESSION_TOKEN: 'local-run-session-token',
    AWS_ENDPOINT_URL_SFN: standIn.url,
    // strict mode: the run is cancelled only if the pipeline's tag (metadata.stepFunctionsExecutionArn) made it from
    // the definition through Extend into the history
    EXTEND_CLEANUP_OWNED_ONLY: 'true',
  }, logFile);
  try {
    const ready = await cleanupApi.nextPoll(60_000);
    if (!ready) throw new Error(`cancelExecutionRuns did not start (see ${logFile})`);

    const handlers = { StartWorkflowRun: startWorkflowRun, WaitForRun: waitForever, CancelWorkflowRun: () => { throw new Error('not expected'); } };
    const before = ctx.extend.requests.length;
    const r = await ctx.execute(machine, { workflowId: 'workflow_local', fileUrl: 'https://example.com/contract.pdf' }, {
      handlers,
      verbose: ctx.verbose,
      context: taskContext(runs, executionArn),
      // the run is in flight once the machine waits for it: abort there, as StopExecution would
      onEvent: (e, execution) => {
        if (e.type === 'StateEntered' && e.state.name === 'WaitForRun') setTimeout(() => execution.abort(), 50);
      },
    });
    const runId = `workflow_run_pipeline_${runs}`;
    const statusInFlight = ctx.extend.getRun('workflow_runs', runId)?.status;
    const events = awsHistory(r.events, definition);
    history.executions.set(executionArn, events);

    // the event EventBridge delivers: AWS's own sample, for this execution
    const sample = JSON.parse(fs.readFileSync(path.join(ctx.repo, 'src', 'test', 'resources', 'aws-events', 'sfn-execution-status-change-aborted.json'), 'utf8'));
    const name = executionArn.split(':').at(-1);
    Object.assign(sample.detail, { executionArn, stateMachineArn: STATE_MACHINE_ARN, name, input: JSON.stringify(r.events[0]?.input ?? {}) });
    sample.resources = [executionArn];

    const t0 = performance.now();
    const first = await cleanupApi.invoke(sample, { timeoutMs: 60_000 });
    const again = await cleanupApi.invoke(sample, { timeoutMs: 60_000 });
    const ms = performance.now() - t0;
    const calls = ctx.extend.requests.slice(before).map((x) => `${x.method} ${x.path}`);
    const answer = first.json ?? {};
    const problems = [];
    expect(problems, 'execution', `${r.status} ${r.error?.Error ?? ''}`.trim(), 'FAILED ExecutionAbortedError');
    expect(problems, 'run status while aborted', statusInFlight, 'PROCESSING');
    expect(problems, 'create-run body (API 2026-02-09, tagged)', JSON.stringify(bodies.at(-1)), JSON.stringify({ workflow: { id: 'workflow_local' }, file: { url: 'https://example.com/contract.pdf' }, metadata: { stepFunctionsExecutionArn: executionArn } }));
    expect(problems, 'run tag in Extend', ctx.extend.getRun('workflow_runs', runId)?.metadata?.stepFunctionsExecutionArn, executionArn);
    expect(problems, 'history events', events.map((e) => e.type).join(','), 'ExecutionStarted,TaskStateEntered,TaskStateExited,TaskStateEntered,ExecutionAborted');
    expect(problems, 'cleanup answer', first.ok ? `${answer.status} runsFound=${answer.runsFound} cancelled=${JSON.stringify(answer.cancelled)} skipped=${JSON.stringify(answer.skipped)}` : `error ${first.errorType}: ${first.errorMessage}`, `ABORTED runsFound=1 cancelled=${JSON.stringify([runId])} skipped=[]`);
    expect(problems, 'run status in Extend', ctx.extend.getRun('workflow_runs', runId)?.status, 'CANCELLED');
    expect(problems, 'a second delivery (EventBridge retry)', again.ok ? `cancelled=${JSON.stringify(again.json?.cancelled)}` : `error ${again.errorType}`, `cancelled=${JSON.stringify([runId])}`);
    expect(problems, 'GetExecutionHistory requests', history.requests.map((q) => `${q.target} page ${q.page} data=${q.includeExecutionData} ${q.signed ? 'signed' : 'UNSIGNED'}`).join('; '),
      ['1', '2', '1', '2'].map((p) => `${TARGET} page ${p} data=true signed`).join('; '));
    expect(problems, 'Extend calls', calls.join(', '), `POST /workflow_runs/${runId}/cancel, POST /workflow_runs/${runId}/cancel, GET /workflow_runs/${runId}`);
    results.push({
      name: 'pipeline: aborted while the run is in flight (no Catch runs) -> EventBridge event -> cancelExecutionRuns (strict mode) reads the history, finds the run tagged with the execution, cancels it',
      ok: problems.length === 0,
      outcome: `execution ${r.status} (${r.error?.Error}); history of ${events.length} events served in pages of ${PAGE_SIZE}; cancelExecutionRuns answered ${first.ok ? JSON.stringify(answer) : `${first.errorType}`}; run ${statusInFlight} -> ${ctx.extend.getRun('workflow_runs', runId)?.status}; ${(ms / 1000).toFixed(2)} s`,
      problems,
    });
  } catch (err) {
    results.push({ name: 'pipeline: abort -> cancelExecutionRuns', ok: false, outcome: 'crashed', problems: [String(err.stack ?? err)] });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cleanupApi.close();
    await standIn.close();
  }
  return results;
}

/**
 * The Context Object the definition reads: $$.Task.Token (the waitForTaskToken task) and $$.Execution.Id (the run's
 * tag); the interpreter makes up neither.
 */
function taskContext(n, executionArn) {
  return { Task: { Token: `local-task-token-${n}` }, Execution: { Id: executionArn } };
}

function entered(r) {
  return r.events.filter((e) => e.type === 'StateEntered').map((e) => e.state.name);
}

function caught(r) {
  return r.events.filter((e) => e.type === 'StateCaught').map((e) => e.catch.catcher.ErrorEquals.join('|'));
}

function expect(problems, what, actual, expected) {
  if (actual !== expected) problems.push(`${what}: expected ${expected}, got ${actual}`);
}

/**
 * The interpreter's event log as GetExecutionHistory returns it: HistoryEvent objects with id, previousEventId,
 * timestamp (epoch seconds), type and the *EventDetails the API reference names; execution data as JSON text.
 */
export function awsHistory(events, definition) {
  const out = [];
  const add = (type, detailsKey, details) => {
    const previous = out.length;
    out.push({ timestamp: Date.now() / 1000, type, id: previous + 1, previousEventId: previous, ...(detailsKey ? { [detailsKey]: details } : {}) });
  };
  const typeOf = (state) => definition.States[state.name]?.Type ?? state.type ?? 'Task';
  for (const e of events) {
    switch (e.type) {
      case 'ExecutionStarted':
        add('ExecutionStarted', 'executionStartedEventDetails', { input: JSON.stringify(e.input ?? {}), inputDetails: { truncated: false }, roleArn: `arn:aws:iam::${ACCOUNT}:role/extend-pipeline` });
        break;
      case 'StateEntered':
        add(`${typeOf(e.state)}StateEntered`, 'stateEnteredEventDetails', { name: e.state.name, input: JSON.stringify(e.state.input ?? {}), inputDetails: { truncated: false } });
        break;
      case 'StateExited':
        add(`${typeOf(e.state)}StateExited`, 'stateExitedEventDetails', { name: e.state.name, output: JSON.stringify(e.state.output ?? {}), outputDetails: { truncated: false } });
        break;
      case 'ExecutionAborted':
        add('ExecutionAborted', 'executionAbortedEventDetails', {});
        break;
      case 'ExecutionTimeout':
        add('ExecutionTimedOut', 'executionTimedOutEventDetails', { error: 'States.Timeout' });
        break;
      case 'ExecutionFailed':
        add('ExecutionFailed', 'executionFailedEventDetails', { error: e.Error, cause: e.Cause });
        break;
      case 'ExecutionSucceeded':
        add('ExecutionSucceeded', 'executionSucceededEventDetails', { output: JSON.stringify(e.output ?? null), outputDetails: { truncated: false } });
        break;
      default:
        // retries, catches and failures of states carry no execution data
        break;
    }
  }
  return out;
}

/**
 * Step Functions' GetExecutionHistory on loopback, AWS JSON 1.0: POST / with X-Amz-Target, pages of `pageSize`
 * (PAGE_SIZE here) joined by nextToken, errors as {"__type", "message"} with status 400. Records what each request
 * asked for. bench/burst.mjs serves its stopped executions with it too.
 */
export async function startStepFunctionsStandIn(history, { pageSize = PAGE_SIZE } = {}) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const reply = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `local-${history.requests.length}` });
        res.end(JSON.stringify(body));
      };
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'not JSON' });
      }
      const target = req.headers['x-amz-target'];
      if (req.method !== 'POST' || target !== TARGET) return reply(400, { __type: 'UnknownOperationException', message: `${target} is not served here` });
      const events = history.executions.get(body.executionArn);
      const start = body.nextToken ? Number(body.nextToken.replace('page-', '')) : 0;
      history.requests.push({ target, page: start / pageSize + 1, includeExecutionData: body.includeExecutionData, signed: /^AWS4-HMAC-SHA256 Credential=ASIALOCALRUNEXAMPLE\//.test(req.headers.authorization ?? '') });
      if (!events) return reply(400, { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${body.executionArn}'` });
      const size = Math.min(pageSize, body.maxResults || 100);
      const page = { events: events.slice(start, start + size) };
      if (start + size < events.length) page.nextToken = `page-${start + size}`;
      return reply(200, page);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
