// The floor under the native function's resident memory: HttpsFloor.java, built with the same native-image and -Os
// as the function, does one HTTPS POST to the benchmark's Extend stub and reports its peak RSS. It measures what the
// JDK alone costs for a cancel over HTTPS in a native executable (JSSE, the HTTP client, the runtime), so that the
// function's figure (bench/run.sh) can be read against it.
//
//   node bench/https-floor/run.mjs [--graalvm-home DIR] [--runs N]
//
// Needs GraalVM's or Mandrel's native-image (--graalvm-home, default $GRAALVM_HOME), Node 20+ and openssl. The build
// (about 1.5 minutes) goes to bench/.cache/https-floor/ and is reused while HttpsFloor.java is unchanged.

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startExtendStub } from '../lib/extend-stub.mjs';
import { fmtMb, median } from '../lib/figures.mjs';
import { REPO, findJava, run } from '../lib/lambda-process.mjs';
import { makeTestCa } from '../lib/test-ca.mjs';

const { values: o } = parseArgs({ options: {
  'graalvm-home': { type: 'string', default: process.env.GRAALVM_HOME },
  runs: { type: 'string', default: '5' },
} });
if (!o['graalvm-home']) throw new Error('native-image not found: pass --graalvm-home DIR or set GRAALVM_HOME');
const nativeImage = path.join(o['graalvm-home'], 'bin', 'native-image');

const source = path.join(REPO, 'bench', 'https-floor', 'HttpsFloor.java');
const digest = crypto.createHash('sha256').update(fs.readFileSync(source)).digest('hex').slice(0, 12);
const out = path.join(REPO, 'bench', '.cache', 'https-floor', digest);
const executable = path.join(out, 'https-floor');
if (!fs.existsSync(executable)) {
  fs.mkdirSync(out, { recursive: true });
  const java = findJava();
  const javac = java ? path.join(path.dirname(java.java), 'javac') : 'javac';
  console.log(`building ${executable} ...`);
  run(javac, ['--release', '21', '-d', out, source]);
  // the function's own build options that shape the image (application.properties): -Os, and nothing else
  run(nativeImage, ['-H:Optimize=s', '--no-fallback', '-cp', out, 'HttpsFloor', executable], { cwd: out, timeoutMs: 900_000 });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'https-floor-'));
const ca = makeTestCa(path.join(dir, 'ca'));
const extend = await startExtendStub({ tls: { key: ca.serverKeyPem, cert: ca.serverCertPem } });
const runs = [];
try {
  for (let i = 0; i < Number(o.runs); i++) {
    const { stdout } = await promisify(execFile)(executable, [`${extend.url}/workflow_runs/wr_floor_${i}/cancel`, ca.caFile]);
    const line = JSON.parse(stdout.trim().split('\n').pop());
    if (line.status !== 200) throw new Error(`the stub answered ${line.status}`);
    runs.push(line);
  }
} finally {
  await extend.close?.();
  fs.rmSync(dir, { recursive: true, force: true });
}
// /proc/self/status counts in kB
const medianBytes = (key) => median(runs.map((r) => r[key] * 1024));
console.log(`HttpsFloor, one cancel over HTTPS, ${runs.length} runs (medians): peak RSS ${fmtMb(medianBytes('VmHWM'))}`
  + ` (file-backed ${fmtMb(medianBytes('RssFile'))}, anonymous ${fmtMb(medianBytes('RssAnon'))}), executable`
  + ` ${fmtMb(fs.statSync(executable).size)}`);
