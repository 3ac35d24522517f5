import type { ApolloServerPlugin } from "@apollo/server";
import depthLimit from "graphql-depth-limit";
import { GraphQLError, separateOperations, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/** A connection field costs its children times the page size asked for (`first`). */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" ? args.first : null;
  return first === null ? undefined : 1 + childComplexity * Math.max(1, Math.min(first, 1000));
};

/**
 * What a field costs on top of its page: resolvers that run a text encoder or a vector search are
 * worth far more than a column read. Without this, 200 aliases of `searchTracks(first: 1)` fit a
 * cost limit of 5,000 (77× one search, issue #16); at 250 each, the default limit admits 19.
 */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  "Query.searchTracks": 250,
  "Query.similarTracks": 200,
  // a clip is fetched or read, decoded and run through the audio tower (up to
  // TUNELENS_AUDIO_QUERY_MAX_SECONDS of audio): unweighted (cost 2), the 32 aliases that fit
  // MAX_QUERY_TOKENS made one rate-limited request decode 32 clips; at 1,000 the default admits 4
  "Query.searchByAudio": 1000,
  // no encoder, one vector search, like similarTracks
  "Query.searchByVector": 200,
  "Query.experimentReport": 200,
  "Mutation.ingestTracks": 100,
  // decodes the clip before storing it, like searchByAudio
  "Mutation.ingestUpload": 1000,
  "Mutation.embedModel": 100,
  "Track.moods": 25,
  // scores the instrument vocabulary like Track.moods scores the mood vocabulary
  "Track.instruments": 25,
  "Track.genres": 5,
};

/**
 * The longest document (in lexical tokens) the parser reads before giving up (parseOptions in
 * app.ts). Our own documents have at most ~130 tokens and the introspection query 163. Validation
 * (its overlapping-fields rule) is quadratic in the fields of a selection set: the worst
 * 1,000-token documents took 20–270 ms here, under a quarter of that at 500.
 */
export const MAX_QUERY_TOKENS = 500;

const weightedEstimator: ComplexityEstimator = (options) => {
  const weight = FIELD_WEIGHTS[`${options.type.name}.${options.field.name}`];
  if (weight === undefined) return undefined;
  return weight + (pagedEstimator(options) ?? options.childComplexity);
};

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });
}

/**
 * The operation's cost. getComplexity coerces the variables first (arguments like `first` may be
 * variables) and throws graphql's coercion error when one does not fit its type (a null in a
 * `[Float!]!` vector, "ten" for an Int, a missing required variable). That error has no code and
 * this runs before Apollo's own coercion, so it left as INTERNAL_SERVER_ERROR with HTTP 500; it
 * is the client's input, answered as Apollo answers it: BAD_USER_INPUT, HTTP 400.
 */
function costOf(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>): number {
  try {
    return getComplexity({
      schema,
      query,
      variables,
      estimators: [weightedEstimator, pagedEstimator, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (err) {
    // without graphql's "Did you mean …?" (an enum variable's hint names schema values; production
    // hides those, and Apollo's suggestion filter sees validation errors only)
    if (err instanceof GraphQLError) {
      throw new GraphQLError(err.message.replace(/ ?Did you mean(.+?)\?$/, ""), { nodes: err.nodes, extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
    }
    throw err;
  }
}

/**
 * Refuses operations nested deeper than `maxDepth` or costing more than `maxCost` (each field 1,
 * lists multiplied by `first`, encoding and searching fields weighted by FIELD_WEIGHTS) before any
 * resolver runs. (Documents too long to parse cheaply never get here: MAX_QUERY_TOKENS.)
 */
export function queryLimitsPlugin(schema: GraphQLSchema, limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operationName }) {
          const depthErrors = validate(schema, document, [depthLimit(limits.maxDepth)]);
          if (depthErrors.length) throw tooComplex(`query is nested deeper than ${limits.maxDepth} levels`);
          const op = operationName ? separateOperations(document)[operationName] ?? document : document;
          const cost = costOf(schema, op, request.variables ?? {});
          if (cost > limits.maxCost) throw tooComplex(`query costs ${cost}; the limit is ${limits.maxCost}`);
        },
      };
    },
  };
}
