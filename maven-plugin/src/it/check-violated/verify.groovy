def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
def expectNot = { String text -> assert !log.contains(text) : "build.log has: " + text }
expect('BUILD FAILURE')
// Every violation is listed, not just the first: the drifted model breaks both of its limits.
expect('Model budget check FAILED: 3 variant(s), 2 error(s), 0 warning(s)')
expect('[ERROR]   drifted: accuracy 75.00% < 90.00% budget')
expect('[ERROR]   drifted: accuracy drop 25.00% > 10.00% budget')
// The record is written even when the build fails, for the report.
assert new File(basedir, 'target/modelbudget/check.json').isFile()
true
