import type { ApolloServerPlugin } from "@apollo/server";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics of one server process, exposed at /metrics. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly operationSeconds = new Histogram({
    name: "tunelens_graphql_operation_seconds",
    help: "GraphQL operation latency by operation name and outcome",
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
      async requestDidStart({ request }) {
        const stop = histogram.startTimer();
        return {
          async willSendResponse({ response, operationName }) {
            const body = response.body;
            const failed = body.kind === "single" && (body.singleResult.errors?.length ?? 0) > 0;
            stop({ operation: (operationName ?? request.operationName ?? "anonymous").slice(0, 60), outcome: failed ? "error" : "ok" });
          },
        };
      },
    };
  }
}
