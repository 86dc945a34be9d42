// Mail providers: MX hosts grouped by their registrable domain under the
// Public Suffix List (tldts, ICANN section only: a provider's customers are
// told apart by their MX names, not by the private section's suffixes), so
// that mx1.provider.nl and mx2.provider.nl are one provider. A name the list
// cannot place (an IP address, a single label) is its own provider.
import { getDomain } from 'tldts';
import { HOST_ORDER } from './verdicts.mjs';

export function providerOf(hostName) {
  const name = hostName.replace(/\.$/, '').toLowerCase();
  return getDomain(name, { allowPrivateDomains: false }) ?? name;
}

/** For one domain: provider -> its worst host verdict among that domain's MX hosts. */
export function providersOfDomain(hosts) {
  const worst = new Map();
  for (const host of hosts) {
    const provider = providerOf(host.name);
    const rank = HOST_ORDER.indexOf(host.verdict);
    const verdict = rank === -1 ? 'not_tested' : host.verdict;
    const before = worst.get(provider);
    if (before === undefined || HOST_ORDER.indexOf(verdict) < HOST_ORDER.indexOf(before)) worst.set(provider, verdict);
  }
  return worst;
}
