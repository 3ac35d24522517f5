/** The two GraphQL operations the bench measures, as request bodies and as a timed call. */
export const TEXT_SEARCH = `query Bench($text: String!) { searchTracks(text: $text, first: 10) { edges { rank score node { id externalId } } } }`;
export const TRACK_SEARCH = `query Bench($id: ID!) { similarTracks(trackId: $id, first: 10) { edges { rank score node { id externalId } } } }`;

export const textBody = (text: string) => JSON.stringify({ query: TEXT_SEARCH, variables: { text } });
export const trackBody = (id: string) => JSON.stringify({ query: TRACK_SEARCH, variables: { id } });

/** POSTs one body and fails loudly on an HTTP or GraphQL error (a fast error is not a result). */
export async function postGraphql(url: string, body: string): Promise<unknown> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const json = (await res.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  if (!res.ok || json.errors?.length) throw new Error(`GraphQL ${res.status}: ${json.errors?.[0]?.message ?? "no data"}`);
  return json.data;
}
