import type { ApolloServerPlugin } from "@apollo/server";
import depthLimit from "graphql-depth-limit";
import { GraphQLError, separateOperations, validate, type GraphQLSchema } from "graphql";
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

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });
}

/**
 * Refuses operations nested deeper than `maxDepth` or costing more than `maxCost` (each field 1,
 * lists multiplied by `first`) before any resolver runs.
 */
export function queryLimitsPlugin(schema: GraphQLSchema, limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operationName }) {
          const depthErrors = validate(schema, document, [depthLimit(limits.maxDepth)]);
          if (depthErrors.length) throw tooComplex(`query is nested deeper than ${limits.maxDepth} levels`);
          const op = operationName ? separateOperations(document)[operationName] ?? document : document;
          const cost = getComplexity({
            schema,
            query: op,
            variables: request.variables ?? {},
            estimators: [pagedEstimator, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > limits.maxCost) throw tooComplex(`query costs ${cost}; the limit is ${limits.maxCost}`);
        },
      };
    },
  };
}
