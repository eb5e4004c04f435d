// scripts/conformance-check.mjs, as a user runs it from a clone: with no fixture arguments it pushes the corpus
// in packages/server/testdata/conformance and compares the answers of a real server with Loki's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE_LIMITS, startTestServer, type TestServer } from '../testing/test-server.js';

const CHECKER = fileURLToPath(new URL('../../../../scripts/conformance-check.mjs', import.meta.url));

let server: TestServer;
before(async () => { server = await startTestServer({ limits: CONFORMANCE_LIMITS }); });
after(async () => { await server.close(); });

test('the conformance checker runs from the repository on its own corpus', { timeout: 300_000 }, async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [CHECKER, '--url', server.base, '--only', 'seed-0'], { maxBuffer: 16 << 20 },
      (_e, out, err) => resolve({ code: child.exitCode, stdout: out, stderr: err }));
  });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, /^\d+ passed, 0 failed$/m);
  assert.doesNotMatch(stdout, /^0 passed/m, 'the seed cases ran');
});
