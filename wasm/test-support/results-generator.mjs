// Batch results for report tests, in the real schema: real reports from a
// batch run against the test world serve as templates (one per summary.dane
// verdict), and each synthetic domain is a copy of the template for the
// verdict it should have, renamed, with its MX hosts named after the
// provider it should use and the run's time. Every line written is checked
// against docs/report-schema.json (the `organisation` the batch adds is
// beside the report, so it is left out of that check).
import { writeFileSync } from 'node:fs';
import { createValidator } from '../../tests/schema/validate-reports.mjs';

const validate = createValidator();

/** summary.dane -> one real report with that verdict. */
export function templatesFrom(records) {
  const templates = new Map();
  for (const record of records) if (record.summary && !templates.has(record.summary.dane)) templates.set(record.summary.dane, record);
  return templates;
}

/** A result for `domain` shaped like `template`, its MX hosts at `provider` (mx1.provider, mx2.provider, ...). */
export function syntheticResult(template, { domain, provider, time, organisation }) {
  const record = structuredClone(template);
  delete record.organisation;
  delete record.shared_probes;  // beside the report too (batch/share.mjs)
  record.input = domain;
  record.domain = domain;
  record.domain_unicode = domain;
  record.hosts.forEach((host, i) => { host.name = `mx${i + 1}.${provider}`; });
  record.evidence.time = time;
  const problems = validate(record);
  if (problems.length > 0) throw new Error(`synthetic result for ${domain} breaks the report schema: ${problems.join('; ')}`);
  if (organisation) record.organisation = organisation;
  return record;
}

/**
 * Writes a run: plan is [{domain, dane, provider, organisation}], each made
 * from the template with that summary.dane. Returns the records.
 */
export function writeRun(path, templates, plan, time) {
  const records = plan.map((entry) => {
    const template = templates.get(entry.dane);
    if (!template) throw new Error(`no world report with summary.dane ${entry.dane} to make ${entry.domain} from`);
    return syntheticResult(template, { ...entry, time });
  });
  writeFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return records;
}
