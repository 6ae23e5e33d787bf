def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
def expectNot = { String text -> assert !log.contains(text) : "build.log has: " + text }
expect('BUILD FAILURE')
// The message names the file, what was expected and what was found.
expect('check-missing-budget/no-such-budget.yaml: no such file: expected a budget file')
assert !new File(basedir, 'target/modelbudget/check.json').exists()
true
