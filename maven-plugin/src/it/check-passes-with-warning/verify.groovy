import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
def expectNot = { String text -> assert !log.contains(text) : "build.log has: " + text }
// The warning-level violation is a Maven warning; the build passes.
expect('[WARNING] drifted: warn: accuracy drop')
expect('Model budget check PASSED: 3 variant(s), 0 error(s), 1 warning(s)')
expect('ok   baseline')
expect('ok   good')

def record = new JsonSlurper().parse(new File(basedir, 'target/modelbudget/check.json'))
assert record.variants*.name == ['baseline', 'drifted', 'good']
true
