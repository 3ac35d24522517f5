import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from "@apollo/server";
import { Kind } from "graphql";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics of one server process, exposed at /metrics. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly operationSeconds = new Histogram({
    name: "tunelens_graphql_operation_seconds",
    help: "GraphQL operation latency by root field (bounded by the schema; not the client-chosen operation name) and outcome",
    labelNames: ["operation", "outcome"] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly encoderSeconds = new Histogram({
    name: "tunelens_encoder_seconds",
    help: "time spent in the ONNX towers (text queries and audio), by tower",
    labelNames: ["tower"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: "tunelens_requests_rejected_total",
    help: "requests refused before execution, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "tunelens_" });
  }

  plugin(): ApolloServerPlugin {
    const histogram = this.operationSeconds;
    return {
      async requestDidStart() {
        const stop = histogram.startTimer();
        return {
          async willSendResponse(ctx) {
            const body = ctx.response.body;
            const failed = body.kind === "single" && (body.singleResult.errors?.length ?? 0) > 0;
            stop({ operation: operationLabel(ctx), outcome: failed ? "error" : "ok" });
          },
        };
      },
    };
  }
}

/**
 * The metric label of an operation: its root field when it has one ("searchTracks"), "multiple"
 * for several, "invalid" when it never validated. Client-chosen operation names are unbounded
 * (a label per name grows /metrics without limit) and may carry anything a client pastes.
 */
function operationLabel(ctx: GraphQLRequestContextWillSendResponse<object>): string {
  const op = ctx.operation;
  if (!op) return "invalid";
  const fields = op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  if (fields.length !== 1 || op.selectionSet.selections.length !== 1) return fields.length === 0 ? "fragment" : "multiple";
  const root = ctx.schema.getRootType(op.operation);
  const name = fields[0].name.value;
  return root?.getFields()[name] || ["__typename", "__schema", "__type"].includes(name) ? name : "invalid";
}
