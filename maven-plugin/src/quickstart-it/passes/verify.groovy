def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
def expectNot = { String text -> assert !log.contains(text) : "build.log has: " + text }
// Each variant is reported by its display name (Surefire's phrased names).
def reports = new File(basedir, 'target/surefire-reports').listFiles().findAll { it.name.endsWith('.xml') }
def xml = reports*.text.join('\n')
assert xml.contains('name="staysWithinBudget(ModelUnderTest)[baseline]"')
assert xml.contains('name="staysWithinBudget(ModelUnderTest)[quantized]"')
expect('Tests run: 2, Failures: 0')
expect('Model budget report of 2 variant(s)')
def dir = new File(basedir, 'target/modelbudget')
assert new File(dir, 'report.html').text.contains('quantized')
assert new File(dir, 'summary.md').text.contains('quantized')
true
