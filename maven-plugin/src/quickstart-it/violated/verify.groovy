def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
def expectNot = { String text -> assert !log.contains(text) : "build.log has: " + text }
expect('BUILD FAILURE')
expect('Tests run: 2, Failures: 1')
// As the README says: the failing test names the variant and every limit it broke.
expect("variant 'quantized' is over its budget:")
expect('accuracy 75.00% < 90.00% budget')
expect('accuracy drop 25.00% > 2.00% budget')
// The build stops at the tests, before the report.
assert !new File(basedir, 'target/modelbudget/report.html').exists()
true
