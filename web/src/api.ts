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
  return answer<R>(res);
}

/**
 * Sends an operation with one file as a GraphQL multipart request (the spec graphql-upload
 * implements): `operations` with the file variable null, `map` pointing part "0" at it, the file.
 * A multipart form is a "simple" request, so Apollo's CSRF prevention wants this header, which a
 * cross-site page cannot send without a preflight.
 */
export async function upload<R, V>(doc: TypedDocumentString<R, V>, variables: V, fileVariable: keyof V & string, file: Blob, signal?: AbortSignal): Promise<R> {
  const key = apiKey.get();
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: doc.toString(), variables: { ...variables, [fileVariable]: null } }));
  form.set("map", JSON.stringify({ 0: [`variables.${fileVariable}`] }));
  form.set("0", file, file instanceof File ? file.name : "clip");
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "apollo-require-preflight": "true", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: form,
    signal,
  });
  return answer<R>(res);
}

async function answer<R>(res: Response): Promise<R> {
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
