/** Ends the run with one plain line, `N passed, N failed`, that any CI can read (after Jest's own summary). */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `\n${results.numPassedTests} passed, ${results.numFailedTests} failed\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = SummaryReporter;
