#!/usr/bin/env node
// The CLI entry: compiled code lives in dist/ (built by `npm ci` through the prepare script).
import { runCli } from '../dist/src/cli/main.js';

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
