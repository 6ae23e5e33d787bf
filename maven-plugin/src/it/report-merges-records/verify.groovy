def dir = new File(basedir, 'target/modelbudget')
assert new File(dir, 'good.json').isFile()
assert new File(dir, 'drifted.json').isFile()
def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: " + text }
def expectNot = { String text -> assert !log.contains(text) : "build.log has: " + text }
expect('Model budget report of 3 variant(s) from 2 run record(s)')

def html = new File(dir, 'report.html').text
assert html.startsWith('<!DOCTYPE html>') || html.startsWith('<!doctype html>')
['baseline', 'good', 'drifted'].each { assert html.contains(it) }
def summary = new File(dir, 'summary.md').text
['baseline', 'good', 'drifted'].each { assert summary.contains(it) }
true
