#!/usr/bin/env node
// Validates check reports against docs/report-schema.json (JSON Schema
// 2020-12, with ajv), and checks that every finding code in a report is in
// the message catalogue (core/messages/en.json).
//
//   node tests/schema/validate-reports.mjs <report.json | directory>...
//
// A directory means every *.json file in it. Exits 1 when a report is
// invalid or when no report was found (an empty run proves nothing).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadSchema() {
  return JSON.parse(readFileSync(join(root, 'docs', 'report-schema.json'), 'utf8'));
}

// A validate(report) -> list of problems (empty when valid).
export function createValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validateSchema = ajv.compile(loadSchema());
  const catalogue = JSON.parse(readFileSync(join(root, 'core', 'messages', 'en.json'), 'utf8')).messages;
  return (report) => {
    const problems = [];
    if (!validateSchema(report)) {
      for (const e of validateSchema.errors) problems.push(`${e.instancePath || '/'} ${e.message}`);
    }
    for (const code of findingCodes(report)) {
      if (!(code in catalogue)) problems.push(`code ${code} is not in core/messages/en.json`);
    }
    return problems;
  };
}

// Every finding code in a report: objects with code + params (+ text, fix).
function findingCodes(value, out = new Set()) {
  if (Array.isArray(value)) {
    for (const item of value) findingCodes(item, out);
  } else if (value && typeof value === 'object') {
    if (typeof value.code === 'string' && value.params && typeof value.params === 'object') out.add(value.code);
    for (const [key, item] of Object.entries(value)) if (key !== 'evidence') findingCodes(item, out);
  }
  return out;
}

export function reportFiles(paths) {
  const files = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name.endsWith('.json')) files.push(join(path, name));
    } else {
      files.push(path);
    }
  }
  return files;
}

function main(argv) {
  if (argv.length === 0) {
    console.error('usage: validate-reports.mjs <report.json | directory>...');
    return 2;
  }
  const validate = createValidator();
  const files = reportFiles(argv);
  let bad = 0;
  for (const file of files) {
    let report;
    try {
      report = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      console.error(`${file}: not JSON: ${error.message}`);
      ++bad;
      continue;
    }
    const problems = validate(report);
    if (problems.length > 0) {
      ++bad;
      console.error(`${file}: ${problems.length} problem(s)`);
      for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
    }
  }
  if (files.length === 0) {
    console.error('no reports found');
    return 1;
  }
  console.log(`${files.length - bad} of ${files.length} reports valid against docs/report-schema.json`);
  return bad === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
