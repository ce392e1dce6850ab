#!/usr/bin/env node
// Cold-start / warm-latency / memory benchmark of extend-cancel's function.zip (native and JVM; optionally a "before"
// build of each beside it) against two Node.js peers that use Extend's official SDK (the plain package and the same
// code bundled with esbuild), all under one loopback Lambda Runtime API emulator and one Extend stub.
// Usage: bench/run.sh [--native-zip PATH] [--jvm-zip PATH] [--native-zip-before PATH] [--jvm-zip-before PATH]
//        [--cold N] [--warm N] ...   (--help for all options)
// See bench/README.md.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startRuntimeApi } from './lib/runtime-api.mjs';
import { startExtendStub } from './lib/extend-stub.mjs';
import { makeTestCa } from './lib/test-ca.mjs';
import { fmtMb, fmtMs, fmtRatio, median, percentile } from './lib/figures.mjs';
import { RIC_MAIN, RIC_VERSION, findJava, javaCommand, lambdaEnv as lambdaBaseEnv, moduleJavaToolOptions, nativeCommand, rel, ricJars, run, unzipTask, which, zipHas } from './lib/lambda-process.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const RUN_ID = 'wr_bench_1';
const EXPORT = 'cancelWorkflowRun';
const QUARKUS_HANDLER = 'dev.extendcancel.lambda.JvmHandler::handleRequest';
// In this order they are started round by round. *-before: the same start, from the --*-zip-before build.
const FLAVOURS = ['native', 'native-before', 'jvm', 'jvm-before', 'jvm-snapstart', 'jvm-snapstart-before', 'node', 'node-bundled'];
// The Node major this runs on stands in for the nodejs<major>.x runtime; the bundle targets it as the CDK does.
const NODE_MAJOR = process.versions.node.split('.')[0];
// 64 MB: half the smallest Lambda (issue 19's bound on native peak RSS after the warm run)
const NATIVE_RSS_BOUND = 64 * 1024 * 1024;

// ---------------------------------------------------------------- options
const HELP = `bench/run.sh [options]      (or: node bench/run.mjs [options])

  --native-zip PATH   native function.zip (holds bootstrap)   [env BENCH_NATIVE_ZIP; default: target/function.zip if it holds bootstrap]
  --jvm-zip PATH      JVM function.zip                         [env BENCH_JVM_ZIP; default: target/function.zip if it has no bootstrap]
  --native-zip-before PATH   the native build to compare with (flavour native-before)  [env BENCH_NATIVE_ZIP_BEFORE]
  --jvm-zip-before PATH      the JVM build to compare with (jvm-before, jvm-snapstart-before) [env BENCH_JVM_ZIP_BEFORE]
  --flavours LIST     comma list of ${FLAVOURS.join(',')}
                      [default: all; a flavour whose zip is not given is skipped with a message]
                      jvm-snapstart: the JVM zip with AWS_LAMBDA_INITIALIZATION_TYPE=snap-start (init primes; see README)
                      node: bench/node-peer as a package (index.js + node_modules); node-bundled: the same index.js
                      bundled into one file with esbuild as the CDK's NodejsFunction does by default
  --http              plain HTTP to the Extend stub (default: HTTPS, with a throw-away test CA)
  --java-trust HOW    how native and JVM trust the test CA over HTTPS: env (EXTEND_EXTRA_CA_CERTS=<ca.pem>, added to the
                      JDK's default CAs) or truststore (-Djavax.net.ssl.trustStore=<the JDK's cacerts + the test CA>,
                      for builds that predate EXTEND_EXTRA_CA_CERTS) [default: env]
  --cold N            fresh starts per flavour                 [env BENCH_COLD; default 10]
  --warm N            warm invocations on one process          [env BENCH_WARM; default 1000]
  --memory-mb N       AWS_LAMBDA_FUNCTION_MEMORY_SIZE and the JVM heap cap the java21 runtime derives from it [default 512]
  --java PATH         java (21+) for the JVM flavour           [default: $JAVA_HOME/bin/java if 21+, else the lowest 21+ under /usr/lib/jvm]
  --java-opts STRING  extra JVM options for the JVM flavour (split on spaces), e.g. "-Xlog:class+load:file=/tmp/cl.txt"
  --java-tool-options STRING  JAVA_TOOL_OPTIONS of the JVM flavour ("" for none) [default: what the Terraform module
                      sets, the default of java_tool_options in terraform/variables.tf]
  --no-prime          skip the untimed start per flavour that warms the page cache
  --start-timeout S   seconds a fresh start may take before it counts as failed [default 60]
  --max-minutes M     abort the whole run after M minutes      [default 30]
  --out PATH          markdown results                         [default: bench/results/latest.md]
  --keep              keep the temporary task dirs and logs
  -h, --help`;

function parseArgs(argv) {
  const o = {
    nativeZip: process.env.BENCH_NATIVE_ZIP,
    jvmZip: process.env.BENCH_JVM_ZIP,
    nativeZipBefore: process.env.BENCH_NATIVE_ZIP_BEFORE,
    jvmZipBefore: process.env.BENCH_JVM_ZIP_BEFORE,
    flavours: [...FLAVOURS],
    https: true,
    javaTrust: 'env',
    cold: Number(process.env.BENCH_COLD ?? 10),
    warm: Number(process.env.BENCH_WARM ?? 1000),
    memoryMb: 512,
    java: undefined,
    javaOpts: [],
    javaToolOptions: undefined,
    prime: true,
    startTimeoutS: 60,
    maxMinutes: 30,
    out: path.join(BENCH, 'results', 'latest.md'),
    keep: false,
  };
  const value = (i) => {
    if (i + 1 >= argv.length) die(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--native-zip': o.nativeZip = value(i); i++; break;
      case '--jvm-zip': o.jvmZip = value(i); i++; break;
      case '--native-zip-before': o.nativeZipBefore = value(i); i++; break;
      case '--jvm-zip-before': o.jvmZipBefore = value(i); i++; break;
      case '--flavours': case '--flavors': o.flavours = value(i).split(',').map((s) => s.trim()).filter(Boolean); i++; break;
      case '--cold': o.cold = Number(value(i)); i++; break;
      case '--warm': o.warm = Number(value(i)); i++; break;
      case '--memory-mb': o.memoryMb = Number(value(i)); i++; break;
      case '--java': o.java = value(i); i++; break;
      case '--java-opts': o.javaOpts = value(i).split(/\s+/).filter(Boolean); i++; break;
      case '--java-tool-options': o.javaToolOptions = value(i); i++; break;
      case '--no-prime': o.prime = false; break;
      case '--http': o.https = false; break;
      case '--java-trust': o.javaTrust = value(i); i++; break;
      case '--start-timeout': o.startTimeoutS = Number(value(i)); i++; break;
      case '--max-minutes': o.maxMinutes = Number(value(i)); i++; break;
      case '--out': o.out = path.resolve(value(i)); i++; break;
      case '--keep': o.keep = true; break;
      case '-h': case '--help': console.log(HELP); process.exit(0); break;
      default: die(`unknown option ${a}\n\n${HELP}`);
    }
  }
  for (const f of o.flavours) if (!FLAVOURS.includes(f)) die(`unknown flavour ${f} (known: ${FLAVOURS.join(', ')})`);
  o.flavours = FLAVOURS.filter((f) => o.flavours.includes(f)); // always in the round order
  o.javaToolOptions ??= moduleJavaToolOptions();
  if (!['env', 'truststore'].includes(o.javaTrust)) die(`--java-trust must be env or truststore, got ${o.javaTrust}`);
  for (const [k, v] of Object.entries({ cold: o.cold, warm: o.warm, memoryMb: o.memoryMb, startTimeoutS: o.startTimeoutS, maxMinutes: o.maxMinutes })) {
    if (!Number.isInteger(v) || v < (k === 'warm' ? 0 : 1) || v > 100_000) die(`--${k} must be a whole number in range, got ${v}`);
  }
  return o;
}

function die(msg) {
  console.error(`bench: ${msg}`);
  cleanupAndExit(2);
}

// ---------------------------------------------------------------- child processes: always killed on exit
const children = new Set();
let workDir;
let keepWork = false;
function killChildren() {
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {}
  }
  children.clear();
}
function cleanupAndExit(code) {
  killChildren();
  if (workDir && !keepWork) fs.rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('exit', killChildren);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { console.error(`bench: ${sig}, stopping`); cleanupAndExit(130); });
process.on('uncaughtException', (err) => { console.error(`bench: ${err.stack ?? err}`); cleanupAndExit(1); });
process.on('unhandledRejection', (err) => { console.error(`bench: ${err?.stack ?? err}`); cleanupAndExit(1); });

// ---------------------------------------------------------------- small helpers
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** VmHWM (peak resident set) and VmRSS of a live process, in bytes, from /proc/<pid>/status. */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1]) * 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return { hwm: NaN, rss: NaN, anon: NaN, file: NaN };
  }
}

// ---------------------------------------------------------------- flavours
/**
 * What Lambda sets plus the function's configuration, for a flavour { name, kind: native|jvm|node, snap }. Over HTTPS
 * each flavour is told about the test CA the way its users would add a CA: Node's NODE_EXTRA_CA_CERTS; for
 * extend-cancel EXTEND_EXTRA_CA_CERTS (--java-trust env), or nothing here and a trust store on the command line
 * (--java-trust truststore, see javaTrustArgs).
 */
function lambdaEnv(f, api, extend, taskRoot, o, handler, ca) {
  const env = {
    ...lambdaBaseEnv({ api, task: taskRoot, handler, version: '$LATEST', memoryMb: o.memoryMb, logStream: `bench/${f.name}` }),
    AWS_EXECUTION_ENV: { native: 'AWS_Lambda_provided.al2023', jvm: 'AWS_Lambda_java21', node: `AWS_Lambda_nodejs${NODE_MAJOR}.x` }[f.kind],
    QUARKUS_FUNQY_EXPORT: EXPORT,
    EXTEND_BASE_URL: extend.url,
    EXTEND_API_KEY: 'bench-key',
    // back-to-back invocations: measure the function, not EXTEND_MAX_REQUESTS_PER_SECOND's pacing (default 5/s)
    EXTEND_MAX_REQUESTS_PER_SECOND: '100000',
  };
  // SnapStart runs init with this set, then snapshots; here init runs the same way and the first invocation follows
  if (f.snap) env.AWS_LAMBDA_INITIALIZATION_TYPE = 'snap-start';
  // what the Terraform module sets on the jvm flavour (the JVM reads it on top of the runtime's command line)
  if (f.kind === 'jvm' && o.javaToolOptions) env.JAVA_TOOL_OPTIONS = o.javaToolOptions;
  if (ca && f.kind === 'node') env.NODE_EXTRA_CA_CERTS = ca.caFile;
  if (ca && f.kind !== 'node' && o.javaTrust === 'env') env.EXTEND_EXTRA_CA_CERTS = ca.caFile;
  return env;
}

/** --java-trust truststore: system properties naming a trust store of the JDK's default CAs plus the test CA. */
function javaTrustArgs(o, ca, java) {
  if (!ca || o.javaTrust !== 'truststore') return [];
  const t = ca.trustStore(java);
  return [`-Djavax.net.ssl.trustStore=${t.file}`, `-Djavax.net.ssl.trustStorePassword=${t.password}`, `-Djavax.net.ssl.trustStoreType=${t.type}`];
}

/** The native flavour `name` from `zip` (undefined: not given, `how` says how to give it), or { skip: reason }. */
function nativeFlavour(name, zip, how, o, extendStub, ca) {
  if (!zip || !fs.existsSync(zip)) {
    return { skip: `no native function.zip (${zip ? `${zip} does not exist` : how}); build one with -Dnative (bench/README.md)` };
  }
  if (!zipHas(zip, 'bootstrap')) return { skip: `${zip} holds no bootstrap: not a native build` };
  const task = path.join(workDir, `${name}-task`);
  unzipTask(zip, task);
  // a native image takes -D options on its command line; the JDK to copy the default CAs from is the builder's
  const trustArgs = ca && o.javaTrust === 'truststore' ? javaTrustArgs(o, ca, findJava(o.java)?.java ?? 'java') : [];
  const f = {
    name,
    kind: 'native',
    label: `Quarkus native (provided.al2023)${name.endsWith('-before') ? ', the before build' : ''}`,
    zip,
    zipBytes: fs.statSync(zip).size,
    describe: `${rel(zip)} unzipped; ./bootstrap run directly${trustArgs.length ? ` with ${trustArgs.map((a) => a.split('=')[0]).join(' ')}` : ''}`,
  };
  f.command = (api) => {
    const c = nativeCommand(task);
    return { cmd: c.cmd, args: [...c.args, ...trustArgs], cwd: task, env: lambdaEnv(f, api, extendStub, task, o, 'bootstrap', ca) };
  };
  return f;
}

/** The JVM flavour `name` (snap: init as SnapStart runs it) from `zip`, or { skip: reason }. */
function jvmFlavour(name, snap, zip, how, o, extendStub, ca) {
  let java;
  try {
    java = findJava(o.java);
  } catch (err) {
    die(err.message);
  }
  if (!zip || !fs.existsSync(zip)) return { skip: `no JVM function.zip (${zip ? `${zip} does not exist` : how}); build with ./mvnw package (bench/README.md)` };
  if (zipHas(zip, 'bootstrap')) return { skip: `${zip} holds a bootstrap: that is a native build, not a JVM one` };
  if (!java) return { skip: 'no Java 21+ found (set JAVA_HOME or --java)' };
  // jvm and jvm-snapstart of one build share its task dir
  const task = path.join(workDir, `jvm${name.endsWith('-before') ? '-before' : ''}-task`);
  if (!fs.existsSync(task)) unzipTask(zip, task);
  const trustArgs = javaTrustArgs(o, ca, java.java);
  const ric = ricJars({ cacheDir: path.join(BENCH, '.cache', `ric-${RIC_VERSION}`), log: (line) => console.log(`bench: ${line}`) }).jars;
  // The java21 managed runtime's bootstrap: the RIC on the system class path, the function loaded by the RIC's
  // customer class loader from the task root (the working directory: /var/task and /var/task/lib/*.jar).
  const heapMb = Math.floor(o.memoryMb * 0.85);
  const f = {
    name,
    kind: 'jvm',
    snap,
    label: `Quarkus JVM via AWS RIC ${RIC_VERSION} (java21 runtime${snap ? ', init as SnapStart runs it: AWS_LAMBDA_INITIALIZATION_TYPE=snap-start' : ''}; ${java.vendor ?? ''} ${java.version})${name.endsWith('-before') ? ', the before build' : ''}`.replace(/\s+/g, ' '),
    zip,
    zipBytes: fs.statSync(zip).size,
    java,
    describe: `${rel(zip)} unzipped into a task dir (cwd); ${java.java} -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:MaxHeapSize=${heapMb}m -Djava.net.preferIPv4Stack=true${trustArgs.length ? ` ${trustArgs.map((a) => a.split('=')[0]).join(' ')}` : ''}${o.javaOpts.length ? ` ${o.javaOpts.join(' ')}` : ''} -cp <RIC ${RIC_VERSION} jars> ${RIC_MAIN} ${QUARKUS_HANDLER}${o.javaToolOptions ? `; JAVA_TOOL_OPTIONS=${o.javaToolOptions} (the Terraform module's)` : ''}${snap ? '; AWS_LAMBDA_INITIALIZATION_TYPE=snap-start' : ''}`,
  };
  f.command = (api) => ({
    ...javaCommand({
      java,
      jvmOptions: ['-XX:+UseSerialGC', '-Xshare:auto', `-XX:MaxHeapSize=${heapMb}m`, '-Djava.net.preferIPv4Stack=true', ...trustArgs, ...o.javaOpts],
      classpath: ric,
      handler: QUARKUS_HANDLER,
    }),
    cwd: task,
    env: lambdaEnv(f, api, extendStub, task, o, QUARKUS_HANDLER, ca),
  });
  return f;
}

/**
 * bench/node-peer's packages, installed from its lock file when missing: extend-ai for both peers, and the pinned
 * esbuild (a devDependency) only when the bundled peer runs.
 */
function installNodePeer(peer, withBundler) {
  const missing = !fs.existsSync(path.join(peer, 'node_modules', 'extend-ai')) || (withBundler && !fs.existsSync(path.join(peer, 'node_modules', 'esbuild')));
  if (!missing) return;
  console.log(`bench: installing the Node peer (npm ci in bench/node-peer${withBundler ? '' : ', without devDependencies'})`);
  run('npm', ['ci', '--no-audit', '--no-fund', ...(withBundler ? [] : ['--omit=dev'])], { cwd: peer, timeoutMs: 300_000 });
}

const packageVersion = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;

/** The Node peers: node (the package as it is) and node-bundled (its index.js bundled with esbuild, built here). */
function nodeFlavours(o, extendStub, ca) {
  const flavours = {};
  const peer = path.join(BENCH, 'node-peer');
  const runtimeLoop = path.join(peer, 'runtime', 'bootstrap.mjs');
  const bundled = o.flavours.includes('node-bundled');
  installNodePeer(peer, bundled);
  const sdkVersion = packageVersion(path.join(peer, 'node_modules', 'extend-ai'));
  // The runtime's own bootstrap (here: the minimal loop) loads the handler from the task root; it is not in the package.
  const node = (f, taskRoot) => {
    f.command = (api) => ({
      cmd: process.execPath,
      args: ['--expose-gc', '--max-http-header-size=81920', `--max-old-space-size=${Math.floor(o.memoryMb * 0.9)}`, runtimeLoop],
      cwd: taskRoot,
      env: lambdaEnv(f, api, extendStub, taskRoot, o, 'index.handler', ca),
    });
    return f;
  };

  if (o.flavours.includes('node')) {
    // The deployment package: handler, package.json and the production node_modules (not the bundler, a devDependency).
    let zipBytes = NaN;
    if (which('zip')) {
      const zip = path.join(workDir, 'node-peer.zip');
      run('zip', ['-q', '-r', '-X', zip, 'index.js', 'package.json', 'node_modules', '-x', ...devOnlyPaths(peer)], { cwd: peer });
      zipBytes = fs.statSync(zip).size;
    }
    flavours.node = node({
      name: 'node',
      kind: 'node',
      label: `Node.js ${process.versions.node} peer, extend-ai ${sdkVersion} (nodejs${NODE_MAJOR}.x runtime stand-in)`,
      zipBytes,
      describe: `bench/node-peer (index.js + node_modules) as task root; ${process.execPath} --expose-gc --max-http-header-size=81920 bench/node-peer/runtime/bootstrap.mjs (minimal Runtime API loop)`,
    }, peer);
  }

  if (bundled) {
    // What the CDK's NodejsFunction runs by default for a nodejs<N>.x runtime: esbuild --bundle <entry>
    // --target=node<N> --platform=node --outfile=<asset>/index.js --external:@aws-sdk/* (the runtime ships SDK v3);
    // no minify, no source map; the format is esbuild's default for node, CommonJS (written out here).
    const esbuild = path.join(peer, 'node_modules', '.bin', 'esbuild');
    const esbuildVersion = packageVersion(path.join(peer, 'node_modules', 'esbuild'));
    const task = path.join(workDir, 'node-bundled-task');
    fs.mkdirSync(task, { recursive: true });
    const args = ['--bundle', 'index.js', `--target=node${NODE_MAJOR}`, '--platform=node', '--format=cjs', `--outfile=${path.join(task, 'index.js')}`, '--external:@aws-sdk/*', '--log-level=warning'];
    run(esbuild, args, { cwd: peer, timeoutMs: 120_000 });
    const bundleBytes = fs.statSync(path.join(task, 'index.js')).size;
    let zipBytes = NaN;
    if (which('zip')) {
      // the asset is the bundle alone
      const zip = path.join(workDir, 'node-bundled.zip');
      run('zip', ['-q', '-X', zip, 'index.js'], { cwd: task });
      zipBytes = fs.statSync(zip).size;
    }
    flavours['node-bundled'] = node({
      name: 'node-bundled',
      kind: 'node',
      label: `Node.js ${process.versions.node} peer, extend-ai ${sdkVersion} bundled with esbuild ${esbuildVersion} as the CDK's NodejsFunction does by default (nodejs${NODE_MAJOR}.x runtime stand-in)`,
      zipBytes,
      describe: `esbuild ${args.map((a) => (a.startsWith('--outfile=') ? '--outfile=<task>/index.js' : a)).join(' ')} in bench/node-peer, built for this run: one index.js of ${fmtMb(bundleBytes)}, alone in its task root; the same runtime loop as node`,
    }, task);
  }
  return flavours;
}

/** zip -x patterns for bench/node-peer's devDependencies (per its lock file): they are not in the deployment package. */
function devOnlyPaths(peer) {
  const lock = JSON.parse(fs.readFileSync(path.join(peer, 'package-lock.json'), 'utf8'));
  const out = [];
  for (const [p, meta] of Object.entries(lock.packages ?? {})) {
    if (!p || !meta.dev) continue;
    out.push(p, `${p}/*`);
    const bins = typeof meta.bin === 'string' ? [path.basename(p)] : Object.keys(meta.bin ?? {});
    for (const b of bins) out.push(`node_modules/.bin/${b}`);
  }
  // a scope dir that holds dev packages only (node_modules/@esbuild/) goes too
  const scopes = new Set(Object.keys(lock.packages ?? {}).map((p) => p.match(/^node_modules\/(@[^/]+)\//)?.[1]).filter(Boolean));
  for (const scope of scopes) {
    const inScope = Object.entries(lock.packages).filter(([p]) => p.startsWith(`node_modules/${scope}/`));
    if (inScope.every(([, meta]) => meta.dev)) out.push(`node_modules/${scope}/`);
  }
  return out;
}

/**
 * Each flavour: how to start one fresh execution environment, the way its Lambda runtime does.
 * Returns { name: { name, kind, label, zipBytes, describe, command(api) -> {cmd, args, cwd, env} } or { skip: reason } },
 * in FLAVOURS' order.
 */
function prepareFlavours(o, extendStub, ca) {
  const defaultZip = path.join(REPO, 'target', 'function.zip');
  const defaultIsNative = fs.existsSync(defaultZip) && zipHas(defaultZip, 'bootstrap');
  const abs = (p) => (p ? path.resolve(p) : undefined);
  const builds = {
    '': {
      nativeZip: abs(o.nativeZip) ?? (defaultIsNative ? defaultZip : undefined),
      jvmZip: abs(o.jvmZip) ?? (!defaultIsNative && fs.existsSync(defaultZip) ? defaultZip : undefined),
      nativeHow: 'pass --native-zip PATH or BENCH_NATIVE_ZIP',
      jvmHow: 'target/function.zip is missing or native; pass --jvm-zip PATH or BENCH_JVM_ZIP',
    },
    '-before': {
      nativeZip: abs(o.nativeZipBefore),
      jvmZip: abs(o.jvmZipBefore),
      nativeHow: 'pass --native-zip-before PATH or BENCH_NATIVE_ZIP_BEFORE',
      jvmHow: 'pass --jvm-zip-before PATH or BENCH_JVM_ZIP_BEFORE',
    },
  };
  const nodes = o.flavours.some((f) => f.startsWith('node')) ? nodeFlavours(o, extendStub, ca) : {};
  const flavours = {};
  for (const name of o.flavours) {
    const b = builds[name.endsWith('-before') ? '-before' : ''];
    if (name.startsWith('native')) flavours[name] = nativeFlavour(name, b.nativeZip, b.nativeHow, o, extendStub, ca);
    else if (name.startsWith('jvm')) flavours[name] = jvmFlavour(name, name.startsWith('jvm-snapstart'), b.jvmZip, b.jvmHow, o, extendStub, ca);
    else flavours[name] = nodes[name];
  }
  return flavours;
}

// ---------------------------------------------------------------- one fresh execution environment
let logSeq = 0;
async function startEnvironment(flavour, o, { warm = 0 } = {}) {
  const api = await startRuntimeApi({ functionName: `extend-cancel-bench-${flavour.name}`, timeoutMs: o.startTimeoutS * 1000 });
  const logFile = path.join(workDir, 'logs', `${flavour.name}-${++logSeq}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const { cmd, args, cwd, env } = flavour.command(api);
  let child;
  const result = { flavour: flavour.name, logFile };
  try {
    // The event waits in the emulator before the process exists, as on a Lambda cold start.
    const first = api.invoke({ id: RUN_ID }, { timeoutMs: o.startTimeoutS * 1000, initSlackMs: 0 });
    const firstPoll = api.nextPoll(o.startTimeoutS * 1000);
    const t0 = performance.now();
    child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
    children.add(child);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.once('error', (err) => api.failInFlight(`spawn failed: ${err.message}`, { queued: true }));
    exited.then(({ code, signal }) => api.failInFlight(`process exited (${code ?? signal})`, { queued: true }));

    const answer = await first;
    result.coldMs = answer.answeredAt - t0;
    const poll = await Promise.race([firstPoll, sleep(0).then(() => undefined)]);
    result.initMs = poll ? poll.at - t0 : NaN; // spawn -> first GET /next (the runtime's init done)
    result.snapshotMs = api.restores.length ? api.restores[0].at - t0 : NaN; // SnapStart: spawn -> GET /restore/next
    result.first = answer;
    if (!answer.ok || answer.json?.status !== 'CANCELLED' || answer.json?.id !== RUN_ID) {
      throw new Error(`first invocation failed: ${answer.errorType ?? ''} ${answer.errorMessage ?? ''} ${answer.text ?? ''}`.trim());
    }
    result.memFirst = memoryOf(child.pid);

    if (warm > 0) {
      const lat = new Float64Array(warm);
      for (let i = 0; i < warm; i++) {
        const a = await api.invoke({ id: RUN_ID }, { timeoutMs: 30_000, initSlackMs: 0 });
        if (!a.ok || a.json?.status !== 'CANCELLED') throw new Error(`warm invocation ${i} failed: ${a.errorType ?? ''} ${a.text ?? ''}`);
        lat[i] = a.answeredAt - a.queuedAt;
      }
      result.warm = Array.from(lat).sort((a, b) => a - b);
      // The error path, once, after the measurement: an invalid id must come back as a named Lambda error.
      const bad = await api.invoke({ id: 'not a valid id!' }, { timeoutMs: 30_000, initSlackMs: 0 });
      result.errorCheck = bad.ok ? 'answered success (unexpected)' : `${bad.errorType}` + (bad.errorTypeHeader && bad.errorTypeHeader !== bad.errorType ? ` (header: ${bad.errorTypeHeader})` : '');
    }
    result.memLast = memoryOf(child.pid); // sampled just before the kill
    return result;
  } catch (err) {
    err.logFile = logFile;
    throw err;
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      try { process.kill(child.pid, 'SIGKILL'); } catch {}
      await Promise.race([gone, sleep(5000)]);
    }
    if (child) children.delete(child);
    fs.closeSync(out);
    await api.close();
  }
}

function tail(file, lines = 25) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- main
async function main() {
  const o = parseArgs(process.argv.slice(2));
  keepWork = o.keep;
  if (!which('unzip')) die('unzip is required');
  const deadline = setTimeout(() => { console.error(`bench: --max-minutes ${o.maxMinutes} reached, aborting`); cleanupAndExit(3); }, o.maxMinutes * 60_000);
  deadline.unref();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'extend-cancel-bench-'));

  const ca = o.https ? makeTestCa(path.join(workDir, 'tls')) : undefined;
  const extend = await startExtendStub(ca ? { tls: { key: ca.serverKeyPem, cert: ca.serverCertPem } } : {});
  const flavours = prepareFlavours(o, extend, ca);
  const active = Object.values(flavours).filter((f) => !f.skip);
  for (const [name, f] of Object.entries(flavours)) if (f.skip) console.log(`bench: SKIP ${name}: ${f.skip}`);
  if (active.length === 0) die('nothing to run');
  for (const f of active) console.log(`bench: ${f.name}: ${f.describe}`);

  const results = Object.fromEntries(active.map((f) => [f.name, { cold: [], failures: [] }]));
  if (o.prime) {
    for (const f of active) {
      process.stdout.write(`bench: priming ${f.name} (untimed start) ... `);
      try {
        const r = await startEnvironment(f, o);
        console.log(`ok, ${fmtMs(r.coldMs)}`);
      } catch (err) {
        console.log('FAILED');
        console.error(`${err.message}\n--- ${err.logFile}\n${tail(err.logFile)}`);
        results[f.name].failures.push(`prime: ${err.message}`);
      }
    }
  }

  // Fresh starts, interleaved round-robin so that the machine's noise spreads over all flavours alike.
  for (let round = 1; round <= o.cold; round++) {
    const line = [];
    for (const f of active) {
      if (results[f.name].failures.length >= 3) continue;
      try {
        const r = await startEnvironment(f, o);
        results[f.name].cold.push(r);
        line.push(`${f.name} ${fmtMs(r.coldMs)}`);
      } catch (err) {
        results[f.name].failures.push(err.message);
        line.push(`${f.name} FAILED`);
        console.error(`bench: ${f.name} start failed: ${err.message}\n--- ${err.logFile}\n${tail(err.logFile)}`);
      }
    }
    console.log(`bench: cold round ${round}/${o.cold}: ${line.join(', ')}`);
  }

  // Warm: one fresh process per flavour, then o.warm sequential invocations on it.
  if (o.warm > 0) {
    for (const f of active) {
      if (results[f.name].failures.length >= 3) continue;
      process.stdout.write(`bench: warm ${f.name}: ${o.warm} invocations ... `);
      try {
        const t = performance.now();
        const r = await startEnvironment(f, o, { warm: o.warm });
        results[f.name].warm = r;
        console.log(`p50 ${fmtMs(percentile(r.warm, 50))}, p99 ${fmtMs(percentile(r.warm, 99))} (${((performance.now() - t) / 1000).toFixed(1)} s); error path: ${r.errorCheck}`);
      } catch (err) {
        console.log('FAILED');
        results[f.name].failures.push(`warm: ${err.message}`);
        console.error(`${err.message}\n--- ${err.logFile}\n${tail(err.logFile)}`);
      }
    }
  }

  const summary = {};
  for (const f of active) {
    const r = results[f.name];
    const cold = r.cold.map((x) => x.coldMs);
    summary[f.name] = {
      label: f.label,
      zipBytes: f.zipBytes,
      n: cold.length,
      coldMedian: median(cold),
      coldMin: Math.min(...cold),
      coldMax: Math.max(...cold),
      initMedian: median(r.cold.map((x) => x.initMs)),
      rssFirst: median(r.cold.map((x) => x.memFirst.hwm)),
      warmP50: r.warm ? percentile(r.warm.warm, 50) : NaN,
      warmP99: r.warm ? percentile(r.warm.warm, 99) : NaN,
      warmN: r.warm?.warm.length ?? 0,
      rssWarm: r.warm ? r.warm.memLast.hwm : NaN,
      rssWarmAnon: r.warm ? r.warm.memLast.anon : NaN,
      rssWarmFile: r.warm ? r.warm.memLast.file : NaN,
      firstInvocationMedian: median(r.cold.map((x) => x.coldMs - x.initMs)),
      snapshotMedian: median(r.cold.map((x) => x.snapshotMs)),
      errorCheck: r.warm?.errorCheck,
      failures: r.failures,
    };
  }

  const md = report(o, flavours, summary, extend);
  console.log(`\n${md}`);
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, md);
  console.log(`bench: written ${rel(o.out)}`);
  await extend.close();
  if (o.keep) console.log(`bench: task dirs and logs kept in ${workDir}`);
  const failed = active.some((f) => summary[f.name].n < o.cold || summary[f.name].failures.length > 0);
  cleanupAndExit(failed ? 1 : 0);
}

function report(o, flavours, s, extend) {
  const lines = [];
  const cpu = os.cpus();
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  lines.push(`# extend-cancel benchmark`);
  lines.push('');
  lines.push(`${new Date().toISOString()} · ${cpu.length} × ${cpu[0]?.model ?? 'cpu'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GB · Linux ${os.release()} · Node ${process.versions.node} · load average at the end ${load}`);
  lines.push('');
  lines.push(`Command: \`bench/run.sh ${process.argv.slice(2).join(' ')}\`  (${o.cold} fresh starts per flavour, interleaved; ${o.warm} warm invocations; memory setting ${o.memoryMb} MB)`);
  lines.push('');
  lines.push(`Extend stub: ${o.https ? `**HTTPS** (throw-away test CA; Node: NODE_EXTRA_CA_CERTS; native and JVM: ${o.javaTrust === 'env' ? 'EXTEND_EXTRA_CA_CERTS, added to the JDK\'s default CAs' : '-Djavax.net.ssl.trustStore with the JDK\'s default CAs plus the test CA'}; ${extend.stats.handshakes} TLS handshakes)` : '**plain HTTP** (--http)'}.`);
  lines.push('');
  lines.push('| flavour | package (zip) | init: spawn → first /next | first invocation: event → answer | spawn → first answer (min–max) | warm p50 | warm p99 | peak RSS after 1st cancel | peak RSS after warm run |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, x] of Object.entries(s)) {
    lines.push(`| **${name}** | ${fmtMb(x.zipBytes)} | ${fmtMs(x.initMedian)} | ${fmtMs(x.firstInvocationMedian)} | ${fmtMs(x.coldMedian)} (${fmtMs(x.coldMin)}–${fmtMs(x.coldMax)}), n=${x.n} | ${fmtMs(x.warmP50)} | ${fmtMs(x.warmP99)} | ${fmtMb(x.rssFirst)} | ${fmtMb(x.rssWarm)} |`);
  }
  for (const [name, f] of Object.entries(flavours)) if (f.skip) lines.push(`| ${name} | skipped: ${f.skip} | | | | | | | |`);
  lines.push('');
  const ratioCells = (x, y) => [
    fmtRatio(x.initMedian, y.initMedian), fmtRatio(x.firstInvocationMedian, y.firstInvocationMedian), fmtRatio(x.coldMedian, y.coldMedian),
    fmtRatio(x.warmP50, y.warmP50), fmtRatio(x.warmP99, y.warmP99), fmtRatio(x.rssFirst, y.rssFirst), fmtRatio(x.rssWarm, y.rssWarm), fmtRatio(x.zipBytes, y.zipBytes),
  ].join(' | ');
  const ratioHeader = ['| ratio | init | first invocation | spawn → first answer | warm p50 | warm p99 | peak RSS (1st cancel) | peak RSS (warm) | package |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  const javaNames = Object.keys(s).filter((n) => !n.startsWith('node'));

  const pairs = ['native', 'jvm', 'jvm-snapstart'].filter((n) => s[n] && s[`${n}-before`]);
  if (pairs.length) {
    lines.push('After / before: this build over the --*-zip-before build, in the same run (lower is better):');
    lines.push('');
    lines.push(...ratioHeader);
    for (const n of pairs) lines.push(`| ${n} / ${n}-before | ${ratioCells(s[n], s[`${n}-before`])} |`);
    lines.push('');
  }

  const peers = ['node-bundled', 'node'].filter((p) => s[p]);
  if (peers.length && javaNames.length) {
    lines.push('Ratios to the Node peers (each row names the peer; node-bundled is the one to compare with; lower is better, and ratios hold better than absolute figures on a noisy machine):');
    lines.push('');
    lines.push(...ratioHeader);
    for (const n of javaNames) for (const p of peers) lines.push(`| ${n} / ${p} | ${ratioCells(s[n], s[p])} |`);
    if (s.node && s['node-bundled']) lines.push(`| node-bundled / node | ${ratioCells(s['node-bundled'], s.node)} |`);
    lines.push('');
  }

  // Issue 19's targets: the new build against the before build and against the bundled Node peer.
  lines.push(`Targets (issue 19${o.https ? '' : '; they are meant over HTTPS, this run is plain HTTP'}):`);
  lines.push('');
  const ratio = (a, b, key) => (s[a] && s[b] && Number.isFinite(s[a][key]) && Number.isFinite(s[b][key]) && s[b][key] > 0 ? s[a][key] / s[b][key] : undefined);
  const verdict = (ok, measured) => (measured === undefined ? '(not measured)' : ok ? 'met' : 'NOT MET');
  const target = (a, b, key, limit, text, whose) => {
    const r = ratio(a, b, key);
    return `- ${verdict(r <= limit, r)}: ${text} ≤ ${limit}× ${whose} (${a} / ${b}: ${r === undefined ? `n/a, ${[a, b].filter((n) => !s[n]).join(' and ')} not run` : `${r.toFixed(3)}×`})`;
  };
  const aim = ratio('native', 'native-before', 'coldMedian');
  lines.push(target('native', 'native-before', 'coldMedian', 1.25, 'native spawn → first answer', "the before build's") + (aim !== undefined ? `; the aim, 1.1×: ${aim <= 1.1 ? 'reached' : 'not reached'}` : ''));
  lines.push(target('jvm', 'jvm-before', 'coldMedian', 1.25, 'JVM (on-demand init) spawn → first answer', "the before build's"));
  lines.push(target('jvm-snapstart', 'node-bundled', 'firstInvocationMedian', 2, 'JVM with snap-start init: first invocation after init', "the bundled Node peer's"));
  lines.push(target('native', 'node-bundled', 'warmP50', 1, 'native warm p50', "the bundled Node peer's"));
  lines.push(target('jvm', 'node-bundled', 'warmP50', 1.25, 'JVM warm p50', "the bundled Node peer's"));
  lines.push(target('jvm', 'node-bundled', 'warmP99', 1, 'JVM warm p99', "the bundled Node peer's"));
  const rss = s.native?.rssWarm;
  const short = s.native && s.native.warmN < 1000 ? ` (this run: ${s.native.warmN} warm cancels; the bound is meant after 1,000)` : '';
  lines.push(`- ${verdict(rss < NATIVE_RSS_BOUND, Number.isFinite(rss) ? rss : undefined)}: native peak RSS after the warm run < ${fmtMb(NATIVE_RSS_BOUND)}, half the smallest Lambda (measured ${fmtMb(rss)})${short}`);
  lines.push('');
  lines.push('What ran:');
  lines.push('');
  for (const [name, f] of Object.entries(flavours)) {
    if (f.skip) continue;
    const x = s[name];
    const snapshot = Number.isFinite(x.snapshotMedian) ? ` Init reached the snapshot point (GET /restore/next, answered at once here) after ${fmtMs(x.snapshotMedian)} (median).` : '';
    const split = `${snapshot} Resident at the end of the warm run: ${fmtMb(x.rssWarmAnon)} anonymous + ${fmtMb(x.rssWarmFile)} file-backed.`;
    lines.push(`- **${name}**: ${f.label}. ${f.describe}. ${split}${s[name].errorCheck ? ` Error path (invalid id): errorType \`${s[name].errorCheck}\`.` : ''}${s[name].failures.length ? ` Failures: ${s[name].failures.join('; ')}` : ''}`);
  }
  lines.push(`- Event \`{"id": "${RUN_ID}"}\` to \`${EXPORT}\`; Extend stub on ${extend.url} answered ${extend.stats.cancels} cancels.`);
  lines.push('');
  lines.push('How: spawn → first answer = spawn of the process → the emulator has received the whole response POST for the event that was queued before the spawn (median over fresh processes, each with its own emulator); init = spawn → the first GET /next; first invocation = that GET /next (the event is handed over at once) → the response received. Warm = invocation queued → response received, sequentially on one process after its cold invocation, no extra warm-up. Peak RSS = VmHWM from /proc/<pid>/status of the function process, read just before SIGKILL. Package = bytes of the zip (node: zip -r of index.js, package.json and the production node_modules; node-bundled: the zip of the bundle alone).');
  lines.push('');
  return lines.join('\n');
}

main();
