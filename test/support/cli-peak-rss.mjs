// Runs the CLI from sources (`node --import ../server/fixtures/register-ts.mjs cli-peak-rss.mjs inspect …`)
// and prints its peak RSS as the last stderr line, `peak-rss-bytes <n>`, for memory assertions.
const { runCli } = await import('../../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
process.stderr.write(`\npeak-rss-bytes ${process.resourceUsage().maxRSS * 1024}\n`);
process.exitCode = code;
