/**
 * An experiment definition or request that cannot be honoured (bad variants, coverage, length).
 * Resolvers map it to a GraphQL error with `extensions.code = "BAD_USER_INPUT"`; it is the
 * caller's mistake, never an internal invariant.
 */
export class ExperimentInputError extends Error {
  readonly code = "BAD_USER_INPUT" as const;

  constructor(message: string) {
    super(message);
    this.name = "ExperimentInputError";
  }
}
