import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, visit, type DocumentNode } from "graphql";
import { unstorableText } from "../db/storable-text.ts";

/**
 * NUL bytes and lone UTF-16 surrogates in any GraphQL input are refused with BAD_USER_INPUT
 * before a resolver runs. PostgreSQL cannot store either in `text`/`jsonb` (`\u0000` is refused,
 * a lone surrogate is not valid UTF-8), so they used to surface as INTERNAL_SERVER_ERROR carrying
 * the database's message, and one such experiment unit id blocked every later batched exposure
 * write (issue #16). Checking the whole request here covers every argument, present and future.
 */
function refuse(where: string, why: string): GraphQLError {
  return new GraphQLError(`${where} ${why}`, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
}

/** First bad string in a variables value (keys included), as [path, reason]. */
function findInValue(value: unknown, at: string, depth = 0): [string, string] | null {
  if (typeof value === "string") {
    const why = unstorableText(value);
    return why ? [at, why] : null;
  }
  if (depth > 32 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findInValue(value[i], `${at}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const keyWhy = unstorableText(k);
    if (keyWhy) return [`${at} (a field name)`, keyWhy];
    const bad = findInValue(v, `${at}.${k}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}

function findInDocument(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    [Kind.STRING]: (node) => {
      found ??= unstorableText(node.value);
      return found ? false : undefined;
    },
  });
  return found;
}

export function inputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const inVariables = findInValue(request.variables ?? {}, "variable");
          if (inVariables) throw refuse(inVariables[0].replace(/^variable\./, "variable $"), inVariables[1]);
          const inDocument = findInDocument(document);
          if (inDocument) throw refuse("a string in the query", inDocument);
        },
      };
    },
  };
}
