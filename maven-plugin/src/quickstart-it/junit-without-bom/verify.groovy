def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
def expectNot = { String text -> assert !log.contains(text) : "build.log has: " + text }
// Without the BOM and with modelbudget-junit met first, the tests still run on the user's JUnit:
// the extension's JUnit API is provided, so no newer API mixes with the older engine.
expect('Tests run: 2, Failures: 0')
expectNot('NoSuchMethodError')
expect('org.junit.jupiter:junit-jupiter-api:jar:5.10.3:test')
expect('org.junit.jupiter:junit-jupiter-engine:jar:5.10.3:test')
expectNot('junit-jupiter-api:jar:5.14')
def pom = new File(basedir, 'pom.xml').text
assert !pom.contains('junit-bom') : 'the fixture should have removed the JUnit BOM'
assert pom.indexOf('modelbudget-junit') < pom.indexOf('<artifactId>junit-jupiter</artifactId>')
true
