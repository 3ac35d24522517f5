import type { TypedDocumentString } from "./generated/graphql.ts";

export class GraphqlError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const KEY_STORAGE = "tunelens.apiKey";

/** An API key the user pasted (servers without anonymous search); kept for this tab only. */
export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string | null) => (key ? sessionStorage.setItem(KEY_STORAGE, key) : sessionStorage.removeItem(KEY_STORAGE)),
};

/**
 * Sends one of the typed operations of operations.graphql to /graphql: the result and the
 * variables are typed by codegen, so a renamed field breaks the build, not the page.
 */
export async function request<R, V>(doc: TypedDocumentString<R, V>, variables: V, signal?: AbortSignal): Promise<R> {
  const key = apiKey.get();
  const res = await fetch("/graphql", {
    method: "POST",
    // application/json also satisfies Apollo's CSRF prevention.
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query: doc.toString(), variables }),
    signal,
  });
  let body: { data?: R; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = await res.json();
  } catch {
    throw new GraphqlError(`the server answered ${res.status} ${res.statusText}`, undefined);
  }
  const first = body.errors?.[0];
  if (first) throw new GraphqlError(first.message, first.extensions?.code);
  if (!body.data) throw new GraphqlError("the server sent no data", undefined);
  return body.data;
}
