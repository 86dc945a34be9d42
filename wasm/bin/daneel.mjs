#!/usr/bin/env node
// The daneel command line (wasm/src/cli/main.mjs; `daneel --help`).
import { main } from '../src/cli/main.mjs';

process.exitCode = await main(process.argv.slice(2));
