/** Minimal GraphQL-over-HTTP client the CLI uses to hand work to a running server. */
export async function graphqlRequest<T>(url: string, token: string | null, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new Error(`${e.extensions?.code ?? "ERROR"}: ${e.message}`);
  }
  if (!body.data) throw new Error(`server answered HTTP ${res.status} without data`);
  return body.data;
}
