// Human output of a check report: the verdict in Internet.nl's words, the
// subtests, a table of every MX host and address, warnings.

const ANSI = { green: 32, red: 31, yellow: 33, grey: 90, bold: 1 };

export function colours(enabled) {
  const paint = (code) => (text) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return Object.fromEntries(Object.entries(ANSI).map(([name, code]) => [name, paint(code)]));
}

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function useColour(stream, env = process.env) {
  return Boolean(stream.isTTY) && !('NO_COLOR' in env && env.NO_COLOR !== '');
}

const TONE = {
  pass: 'green', passed: 'green', fail: 'red', failed: 'red', error: 'red',
  warn: 'yellow', warning: 'yellow', 'no-dane': 'yellow', info: 'grey', not_tested: 'grey', 'no-mail': 'grey', skipped: 'grey',
};

// summary.tls_ncsc in the TONE words above.
const NCSC_TONE = { meets: 'passed', phase_out: 'warning', insufficient: 'failed', not_tested: 'not_tested', not_graded: 'not_tested' };

function tone(c, key, text) {
  const name = TONE[key];
  return name ? c[name](text) : text;
}

// Pads by visible width (colour codes take no room).
function pad(text, width) {
  // eslint-disable-next-line no-control-regex
  const visible = text.replace(/\x1b\[[0-9;]*m/g, '').length;
  return text + ' '.repeat(Math.max(0, width - visible));
}

function table(rows, c) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].replace(/\x1b\[[0-9;]*m/g, '').length)));  // eslint-disable-line no-control-regex
  return rows.map((row, r) => {
    const line = row.map((cell, i) => pad(cell, widths[i])).join('  ').trimEnd();
    return r === 0 ? c.bold(line) : line;
  });
}

function tlsaCell(tlsa) {
  if (!tlsa) return '-';
  const security = tlsa.dnssec?.security ?? '';
  const count = tlsa.records?.length ?? 0;
  return count > 0 ? `${security} (${count})` : (tlsa.state || security || '-');
}

function addressRows(host, w, c) {
  const rows = [];
  const addresses = host.addresses ?? [];
  if (addresses.length === 0) {
    rows.push([host.name, String(host.preference ?? ''), tlsaCell(host.tlsa), '-', '-', '-', '-',
      tone(c, host.verdict, w.verdict[host.verdict] ?? host.verdict)]);
  }
  addresses.forEach((a, i) => {
    const starttls = a.smtp?.starttls_offered === undefined ? '-' : (a.smtp.starttls_offered ? w.yes : w.no);
    rows.push([
      i === 0 ? host.name : '',
      i === 0 ? String(host.preference ?? '') : '',
      i === 0 ? tlsaCell(host.tlsa) : '',
      a.address,
      a.connected === false ? (a.connect_error || w.no) : starttls,
      a.tls?.version ?? '-',
      a.dane?.verdict ?? '-',
      tone(c, a.verdict, w.verdict[a.verdict] ?? a.verdict),
    ]);
  });
  return rows;
}

/** The report as lines of text. */
export function renderReport(report, w, c) {
  const lines = [];
  // A domain that does not exist is no null MX, whatever the verdict word shared by both.
  const heading = report.outcome?.code === 'domain_nxdomain' ? w.nxdomain : (w.verdict[report.verdict] ?? report.verdict);
  const name = report.domain_unicode || report.domain || report.input || '""';
  lines.push(`${c.bold(name)}  ${c.bold(tone(c, report.verdict, heading.toUpperCase()))}`);
  if (report.outcome?.text) lines.push(`  ${report.outcome.text}`);
  const subtests = Object.entries(report.subtests ?? {});
  if (subtests.length > 0) {
    lines.push('');
    const width = Math.max(...subtests.map(([name]) => (w.subtest[name] ?? name).length));
    for (const [name, s] of subtests) {
      const status = w.status[s.status] ?? s.status;
      // The domain's reason, said once above, is not repeated on every line.
      const text = s.text && s.text === report.outcome?.text ? w.seeAbove : (s.text ?? '');
      lines.push(`  ${pad(w.subtest[name] ?? name, width)}  ${pad(tone(c, s.status, status), 14)}${c.grey(text)}`);
    }
  }
  const hosts = report.hosts ?? [];
  lines.push('');
  if (hosts.length === 0) {
    lines.push(`  ${w.noHosts}`);
  } else {
    const rows = [w.columns, ...hosts.flatMap((host) => addressRows(host, w, c))];
    for (const line of table(rows, c)) lines.push(`  ${line}`);
    for (const host of hosts) {
      for (const a of host.addresses ?? []) {
        if (a.verdict !== 'pass' && a.outcome?.text) lines.push(`  ${c.grey(`${a.address}: ${a.outcome.text}`)}`);
      }
    }
  }
  // The TLS grading over every address (worst wins), when it ran.
  const graded = report.grading?.subtests ?? [];
  if (graded.length > 0) {
    // The domain's word for the guidelines (summary.tls_ncsc), then each subtest.
    const ncsc = report.summary?.tls_ncsc;
    lines.push('', `  ${w.grading}: ${ncsc ? c.bold(tone(c, NCSC_TONE[ncsc], w.tlsNcsc[ncsc] ?? ncsc)) : ''}`.trimEnd());
    const title = (s) => w.subtest[s.name] ?? s.name;
    const width = Math.max(...graded.map((s) => title(s).length));
    for (const s of graded) {
      lines.push(`  ${pad(title(s), width)}  ${pad(tone(c, s.status, w.status[s.status] ?? s.status), 14)}${c.grey(s.note?.text ?? '')}`);
    }
  }
  const warnings = report.warnings ?? [];
  if (warnings.length > 0) {
    lines.push('', `  ${c.yellow(w.warnings)}:`);
    for (const warning of warnings) lines.push(`  - ${typeof warning === 'string' ? warning : (warning.text ?? JSON.stringify(warning))}`);
  }
  if (report.timing?.duration_ms !== undefined) lines.push('', `  ${c.grey(w.duration(report.timing.duration_ms))}`);
  return lines;
}
