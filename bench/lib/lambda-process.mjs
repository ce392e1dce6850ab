// Starting extend-cancel's packaged function.zip as a process, the way AWS Lambda starts it: the pieces that
// bench/run.mjs and infra/local-run/run.mjs both need.
//
//   findJava(explicit)      a Java 21+ for a JVM build (the java21 managed runtime's stand-in)
//   ricJars({ cacheDir })   AWS's runtime interface client (the java21 runtime's bootstrap) and its dependencies
//   unzipTask(zip, dir)     the zip unzipped into a task root (what Lambda puts in /var/task)
//   nativeCommand(task), javaCommand({ java, classpath, handler })   the command line that starts it
//   newerJdkOptions(java)   what a Java 24+ standing in for java21 adds to it
//   moduleJavaToolOptions()  the JAVA_TOOL_OPTIONS the Terraform module gives the jvm flavour
//   lambdaEnv({ api, task, handler, ... })   the environment variables Lambda itself sets
//
// Each caller keeps its own options, messages and log prefix: these functions print nothing themselves (ricJars()
// hands its one line to the caller's log) and throw where the caller has to decide what a failure means.
//
// Only node: built-ins (Node 20). Besides Node: unzip, and Maven (or the repo's ./mvnw) the first time the RIC is
// fetched.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RIC_VERSION = '2.7.0';
export const RIC_MAIN = 'com.amazonaws.services.lambda.runtime.api.client.AWSLambda';
// The RIC's runtime dependencies (its pom: aws-lambda-java-core 1.3.0, aws-lambda-java-serialization 1.1.2).
const RIC_ARTIFACTS = [
  ['com.amazonaws', 'aws-lambda-java-runtime-interface-client', RIC_VERSION],
  ['com.amazonaws', 'aws-lambda-java-core', '1.3.0'],
  ['com.amazonaws', 'aws-lambda-java-serialization', '1.1.2'],
];

// ---------------------------------------------------------------- small helpers
/** spawnSync that throws when the command cannot start, or exits non-zero unless opts.allowFail. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The path of a command on PATH, or undefined. */
export function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

/** A path relative to the repo when it is inside it, else absolute. */
export function rel(p) {
  const r = path.relative(REPO, p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
}

// ---------------------------------------------------------------- java
/** { version, major, vendor, vm } of a java binary, or undefined when it does not answer. */
export function javaVersion(java) {
  const r = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', timeout: 30_000 });
  const text = `${r.stdout}\n${r.stderr}`;
  const v = text.match(/java\.version = (\S+)/)?.[1];
  const vendor = text.match(/java\.vendor = (.+)/)?.[1]?.trim();
  const vm = text.match(/java\.vm\.name = (.+)/)?.[1]?.trim();
  return v ? { version: v, major: Number(v.split('.')[0]), vendor, vm } : undefined;
}

/**
 * The java to run a JVM build with, as { java, version, major, vendor, vm }: `explicit` (a --java option; throws when
 * it is not 21+), else $JAVA_HOME/bin/java if 21+, else the lowest 21+ under /usr/lib/jvm (the closest to the java21
 * runtime); undefined when there is none.
 */
export function findJava(explicit) {
  if (explicit) {
    const v = javaVersion(explicit);
    if (!v || v.major < 21) throw new Error(`--java ${explicit} is not a Java 21+ (${v?.version ?? 'unreadable'})`);
    return { java: explicit, ...v };
  }
  if (process.env.JAVA_HOME) {
    const c = path.join(process.env.JAVA_HOME, 'bin', 'java');
    const v = fs.existsSync(c) ? javaVersion(c) : undefined;
    if (v && v.major >= 21) return { java: c, ...v };
  }
  const found = [];
  try {
    for (const d of fs.readdirSync('/usr/lib/jvm')) {
      const c = path.join('/usr/lib/jvm', d, 'bin', 'java');
      const v = fs.existsSync(c) ? javaVersion(c) : undefined;
      if (v && v.major >= 21) found.push({ java: c, ...v });
    }
  } catch {}
  found.sort((a, b) => a.major - b.major);
  return found[0];
}

// ---------------------------------------------------------------- the runtime interface client
const jarsIn = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.jar')).sort().map((f) => path.join(dir, f));

/**
 * The RIC and its runtime dependencies, as { jars, from }. Looked for, in order: in each of `reuse` (another tool's
 * complete cache dir), in the Maven repository `mavenRepo` (./mvnw verify puts them there: the tests use the RIC),
 * else in `cacheDir`, which is filled once with Maven (copy-dependencies on a throw-away pom) and marked complete.
 * `log` gets the one line said before a fetch.
 */
export function ricJars({ cacheDir, reuse = [], mavenRepo, log = console.log }) {
  for (const dir of reuse) {
    if (!fs.existsSync(path.join(dir, '.complete'))) continue;
    const jars = jarsIn(dir);
    if (jars.length >= RIC_ARTIFACTS.length) return { jars, from: rel(dir) };
  }
  if (mavenRepo) {
    const inRepo = RIC_ARTIFACTS.map(([g, a, v]) => path.join(mavenRepo, ...g.split('.'), a, v, `${a}-${v}.jar`));
    if (inRepo.every((j) => fs.existsSync(j))) return { jars: inRepo, from: mavenRepo };
  }

  const marker = path.join(cacheDir, '.complete');
  if (!fs.existsSync(marker)) {
    log(`fetching aws-lambda-java-runtime-interface-client ${RIC_VERSION} and its dependencies into ${rel(cacheDir)}`);
    const pomDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ric-fetch-pom-'));
    try {
      fs.writeFileSync(path.join(pomDir, 'pom.xml'), `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>extend-cancel</groupId><artifactId>ric-fetch</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>com.amazonaws</groupId>
      <artifactId>aws-lambda-java-runtime-interface-client</artifactId>
      <version>${RIC_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`);
      fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.mkdirSync(cacheDir, { recursive: true });
      const mvn = which('mvn') ?? path.join(REPO, 'mvnw');
      run(mvn, ['-q', '-B', '-f', path.join(pomDir, 'pom.xml'), 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
        `-DoutputDirectory=${cacheDir}`, '-DincludeScope=runtime'], { cwd: pomDir, timeoutMs: 600_000 });
      fs.writeFileSync(marker, new Date().toISOString());
    } finally {
      fs.rmSync(pomDir, { recursive: true, force: true });
    }
  }
  return { jars: jarsIn(cacheDir), from: rel(cacheDir) };
}

// ---------------------------------------------------------------- the zip and the task root
/** The entry names of a zip as { entries }, or { error } with unzip's complaint when it cannot read it. */
export function zipEntries(zip) {
  const r = run('unzip', ['-Z1', zip], { allowFail: true });
  return r.status === 0 ? { entries: r.stdout.split('\n') } : { error: r.stderr.trim() };
}

/** Whether a zip holds `entry` (false when it cannot be read). A native build holds `bootstrap`, a JVM build not. */
export function zipHas(zip, entry) {
  return zipEntries(zip).entries?.includes(entry) ?? false;
}

/** Unzips the function into `dir` (the task root), and makes a native build's bootstrap executable as Lambda does. */
export function unzipTask(zip, dir) {
  fs.mkdirSync(dir, { recursive: true });
  run('unzip', ['-q', '-o', zip, '-d', dir]);
  const bootstrap = path.join(dir, 'bootstrap');
  if (fs.existsSync(bootstrap)) fs.chmodSync(bootstrap, 0o755);
}

// ---------------------------------------------------------------- the command line and the environment
/** provided.al2023 runs the task root's bootstrap directly (run it with the task root as cwd). */
export function nativeCommand(task) {
  return { cmd: path.join(task, 'bootstrap'), args: [] };
}

/**
 * The java21 managed runtime's bootstrap: java with C1 only (fast start, as the runtime starts it), `jvmOptions`, the
 * `classpath` entries (the RIC's jars, and what else the caller puts there), the RIC's main class and the handler.
 */
export function javaCommand({ java, jvmOptions = [], classpath, handler }) {
  return {
    cmd: java.java,
    args: ['-XX:+TieredCompilation', '-XX:TieredStopAtLevel=1', ...jvmOptions, '-cp', classpath.join(':'), RIC_MAIN, handler],
  };
}

/**
 * What a Java 24+ standing in for java21 needs to run the function: JBoss Threads opens java.lang there (no JDK 21
 * needs it), as the project's PackagedFunctionIT gives it.
 */
export function newerJdkOptions(java) {
  return java.major >= 24 ? ['--add-opens=java.base/java.lang=ALL-UNNAMED'] : [];
}

/**
 * The JAVA_TOOL_OPTIONS the Terraform module deploys the jvm flavour with: the default of its java_tool_options
 * variable, read from terraform/variables.tf, so that a JVM started here runs as users' functions do.
 */
export function moduleJavaToolOptions() {
  const file = path.join(REPO, 'terraform', 'variables.tf');
  const value = fs.readFileSync(file, 'utf8').match(/variable "java_tool_options" \{[^}]*?\n\s*default\s*=\s*"([^"]*)"/)?.[1];
  if (value === undefined) throw new Error(`${file}: no default for variable "java_tool_options"`);
  return value;
}

/**
 * The variables Lambda itself sets in an execution environment (a fresh one: nothing from the caller's), for a
 * Runtime API emulator `api` ({ address, functionName }). The caller adds the function's own configuration.
 */
export function lambdaEnv({ api, task, handler, version, memoryMb, logStream }) {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_LAMBDA_RUNTIME_API: api.address,
    AWS_LAMBDA_FUNCTION_NAME: api.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${api.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStream,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    LAMBDA_TASK_ROOT: task,
    LAMBDA_RUNTIME_DIR: task,
    _HANDLER: handler,
  };
}
