import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";

/**
 * GraphiQL, bundled (no CDN), against this server's /graphql. Introspection is on only in
 * development (NODE_ENV ≠ production); when it is off the editor cannot load the schema, and a
 * banner says so rather than leaving an empty docs pane.
 */
const fetcher = createGraphiQLFetcher({ url: "/graphql" });

const DEFAULT_QUERY = `# Welcome to the tunelens GraphQL explorer.
# Ctrl-Enter runs the query; Ctrl-Space completes; the docs pane lists every field.
# Mutations need a bearer token: add {"Authorization": "Bearer <token>"} under Headers.

query Search {
  searchTracks(text: "calm piano with strings", first: 5) {
    queryId
    edges {
      rank
      score
      node { id title artist bpm key audioUrl }
    }
  }
}
`;

function IntrospectionBanner() {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __schema { queryType { name } } }" }),
    })
      .then((r) => r.json())
      .then((body: { errors?: Array<{ message: string }> }) => {
        if (body.errors?.length) setProblem(body.errors[0].message);
      })
      .catch((err: Error) => setProblem(err.message));
  }, []);
  if (!problem) return null;
  return (
    <div role="alert" style={{ padding: "8px 16px", background: "#fff4e5", color: "#5c3b00", font: "14px system-ui, sans-serif", borderBottom: "1px solid #f0c36d" }}>
      The schema could not be loaded ({problem}). Introspection is on only in development; this server may run with
      NODE_ENV=production. Queries still run; the schema is in <code>schema.graphql</code> in the repository.
    </div>
  );
}

function Explorer() {
  return (
    <div style={{ display: "flex", flexDirection: "column", height: "100%" }}>
      <IntrospectionBanner />
      <div style={{ flex: 1, minHeight: 0 }}>
        <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} defaultEditorToolsVisibility={false}>
          <GraphiQL.Logo>
            <a href="/" style={{ color: "inherit", textDecoration: "none" }}>tunelens</a>
          </GraphiQL.Logo>
        </GraphiQL>
      </div>
    </div>
  );
}

createRoot(document.getElementById("explorer")!).render(<Explorer />);
