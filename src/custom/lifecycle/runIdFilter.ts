// The OData $filter that picks runs by id for Runs_List: `RunId eq 'cb1' or RunId eq 'cb2' or …`
// (ACR's filter allows every logical operator but not, has and all). Many ids do not fit one URL, so
// they are split over several filters.

/**
 * The most percent-encoded characters one filter takes: with the endpoint, a long resource group, the
 * api-version and a next link's $skipToken, the URL stays under 2,048 characters, the smallest limit
 * that HTTP front ends commonly put on a URL. About 45 ids of ACR's usual form ("cb1a") fit.
 */
export const MAX_ENCODED_FILTER_LENGTH = 1_200;

/** Filters that together select every run of `runIds`, each within `maxEncodedLength` once encoded. */
export function runIdFilters(runIds: readonly string[], maxEncodedLength = MAX_ENCODED_FILTER_LENGTH): string[] {
  const filters: string[] = [];
  let current = "";
  let currentLength = 0;
  for (const runId of runIds) {
    // OData quotes a quote by doubling it.
    const clause = `RunId eq '${runId.replace(/'/g, "''")}'`;
    const joined = current ? ` or ${clause}` : clause;
    const length = encodeURIComponent(joined).length;
    if (current && currentLength + length > maxEncodedLength) {
      filters.push(current);
      current = clause;
      currentLength = encodeURIComponent(clause).length;
    } else {
      current += joined;
      currentLength += length;
    }
  }
  if (current) filters.push(current);
  return filters;
}
