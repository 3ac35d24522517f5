/**
 * Domain errors thrown by services; the GraphQL layer maps each to an `extensions.code`
 * (see src/server/error-formatting.ts). Services never import GraphQL.
 */
export class InvalidInputError extends Error {
  readonly code = "BAD_USER_INPUT";
}

export class NotFoundError extends Error {
  readonly code = "NOT_FOUND";
}

export class UnauthenticatedError extends Error {
  readonly code = "UNAUTHENTICATED";
}

export class ForbiddenError extends Error {
  readonly code = "FORBIDDEN";
}

export class UnavailableError extends Error {
  readonly code = "SERVICE_UNAVAILABLE";
}
