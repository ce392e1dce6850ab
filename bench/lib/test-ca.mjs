// A throw-away certificate authority for loopback HTTPS: a test CA and a server certificate it signed for 127.0.0.1
// (and localhost), made with the openssl command line into a fresh directory. The keys exist only for the run that
// made them; nothing here is committed.
//
//   import { makeTestCa } from './test-ca.mjs';
//   const ca = makeTestCa(dir);                 // { caPem, serverKeyPem, serverCertPem, caFile, ... }
//   startExtendStub({ tls: { key: ca.serverKeyPem, cert: ca.serverCertPem } });
//   env.NODE_EXTRA_CA_CERTS = ca.caFile;         // Node: added to its default CAs
//   env.EXTEND_EXTRA_CA_CERTS = ca.caFile;       // extend-cancel: added to the JDK's default CAs (README)
//   ca.trustStore(java)                          // a PKCS12 trust store (password-less, like the JDK's cacerts):
//                                                // the JDK's default CAs plus the test CA,
//                                                // for -Djavax.net.ssl.trustStore (builds that predate
//                                                // EXTEND_EXTRA_CA_CERTS)
//
// RSA 2048 like most public web certificates; the chain is CA -> server, as a public site's is (root -> leaf), so
// the client does a real path validation, not a match against a pinned self-signed leaf.

import fs from 'node:fs';
import path from 'node:path';
import { run } from './lambda-process.mjs';

export function makeTestCa(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const f = (name) => path.join(dir, name);
  const openssl = (...args) => run('openssl', args, { cwd: dir, timeoutMs: 60_000 });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-keyout', f('ca.key'), '-out', f('ca.pem'),
    '-subj', '/CN=extend-cancel bench test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(f('server.ext'), ['subjectAltName=IP:127.0.0.1,DNS:localhost', 'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', ''].join('\n'));
  openssl('x509', '-req', '-sha256', '-days', '2', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'),
    '-set_serial', String(Date.now()), '-extfile', f('server.ext'), '-out', f('server.pem'));
  fs.rmSync(f('ca.key')); // nothing more is signed with it
  let trustStore;
  return {
    dir,
    caFile: f('ca.pem'),
    caPem: fs.readFileSync(f('ca.pem'), 'utf8'),
    serverKeyPem: fs.readFileSync(f('server.key'), 'utf8'),
    serverCertPem: fs.readFileSync(f('server.pem'), 'utf8'),
    /** { file, password, type }: the JDK's cacerts (of `java`, a path to bin/java) plus the test CA, made once. */
    trustStore(java) {
      if (!trustStore) {
        const home = path.dirname(path.dirname(java));
        const keytool = path.join(home, 'bin', 'keytool');
        const file = f('truststore.p12');
        fs.rmSync(file, { force: true });
        // password-less like the JDK's own cacerts: no PBE integrity check to pay for at start-up
        const noMac = ['-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE', '-J-Dkeystore.pkcs12.macAlgorithm=NONE'];
        run(keytool, [...noMac, '-importkeystore', '-noprompt', '-srckeystore', path.join(home, 'lib', 'security', 'cacerts'),
          '-srcstorepass', 'changeit', '-destkeystore', file, '-deststoretype', 'PKCS12', '-deststorepass', 'changeit'], { timeoutMs: 120_000 });
        run(keytool, [...noMac, '-importcert', '-noprompt', '-alias', 'extend-cancel-bench-ca', '-file', f('ca.pem'), '-keystore', file,
          '-storetype', 'PKCS12', '-storepass', 'changeit'], { timeoutMs: 60_000 });
        trustStore = { file, password: 'changeit', type: 'PKCS12' };
      }
      return trustStore;
    },
  };
}
