// The `daneel` command: picks the language, dispatches to a command, maps
// errors to exit codes (2 usage, 3 could not test). Ctrl-C aborts the
// checks in flight (every socket and request closed) and exits 130.
import { readFileSync } from 'node:fs';
import { CLI_LANGUAGES, pickLanguage, words } from './words.mjs';
import { UsageError, describe } from './options.mjs';
import { runCheck } from './check.mjs';
import { runVerify } from './verify.mjs';
import { runBatchCommand } from './batch.mjs';
import { runReport } from './report.mjs';
import { EXIT } from './exit-codes.mjs';

const COMMANDS = { check: runCheck, verify: runVerify, batch: runBatchCommand, report: runReport };

function version() {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
}

// --lang before the command is parsed, so usage errors speak the language too.
function langFlag(args) {
  const at = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (at === -1) return undefined;
  const value = args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
  return CLI_LANGUAGES.includes(value) ? value : undefined;
}

export async function main(args, { stdout = process.stdout, stderr = process.stderr, env = process.env } = {}) {
  const lang = pickLanguage(langFlag(args), env);
  const w = words(lang);
  const [command, ...rest] = args;
  if (command === '--version' || command === '-v') {
    stdout.write(`daneel ${version()}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
    (command === undefined ? stderr : stdout).write(`${w.usage}\n`);
    return command === undefined ? EXIT.usage : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    stderr.write(`daneel: unknown command ${command}\n\n${w.usage}\n`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    return await run(rest, { lang, w, stdout, stderr, signal: controller.signal });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`daneel ${command}: ${error.message}\n\n${w.usage}\n`);
      return EXIT.usage;
    }
    if (error?.code === 'aborted') return 130;
    stderr.write(`daneel ${command}: ${describe(error)}\n`);
    return EXIT.error;
  } finally {
    process.off('SIGINT', onSignal);
  }
}
