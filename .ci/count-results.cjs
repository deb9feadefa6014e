// Reads a vitest JSON report and the runner's exit code; prints "<passed> <failed>".
// numFailedTests misses a test file that failed to load (no tests ran in it) and a run that
// crashed after the tests (unhandled error): each such failure counts once, so a red run never
// reads "0 failed".
const r = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const rc = Number(process.argv[3]);
const passed = Number(r.numPassedTests) || 0;
let failed = Number(r.numFailedTests) || 0;
for (const file of r.testResults ?? []) {
  const anyFailed = (file.assertionResults ?? []).some((a) => a.status === 'failed');
  if (file.status === 'failed' && !anyFailed) failed += 1;
}
if (failed === 0 && (rc !== 0 || r.success === false)) failed = 1;
process.stdout.write(`${passed} ${failed}\n`);
