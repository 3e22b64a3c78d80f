/**
 * Citation.js can fetch URLs and DOIs with `node-fetch` and `sync-fetch`. Fieldbook reads
 * citation files offline and never lets it: the build points both packages here, so the
 * network code is not even shipped, and any call fails loudly instead of reaching out.
 */
function refuse(): never {
  throw new Error('Fieldbook reads citation files offline; fetching is disabled');
}

export const Headers = globalThis.Headers;
const noFetch = Object.assign(refuse, { Headers });
export default noFetch;
