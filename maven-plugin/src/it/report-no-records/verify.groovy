def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
def expectNot = { String text -> assert !log.contains(text) : "build.log has: " + text }
expect('BUILD FAILURE')
expect('No run record matches *.json in ')
expect('found no such folder')
assert !new File(basedir, 'target/modelbudget/report.html').exists()
true
