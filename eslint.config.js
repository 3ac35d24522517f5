// ESLint (flat config): typescript-eslint's recommended rules on the TypeScript sources. Import
// boundaries between src/ folders and import cycles are checked by dependency-cruiser
// (.dependency-cruiser.cjs); `npm run lint` runs both.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "dist/", "web/dist/", "**/generated/", "test/graphql/generated.ts", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a value left unused on purpose (a positional parameter, a dropped field)
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    // Plain Node scripts (the build, start-up measurement, the CLI launcher, test hooks).
    files: ["**/*.mjs", "bin/*.js"],
    languageOptions: {
      globals: Object.fromEntries(
        ["process", "console", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance", "fetch", "URL", "Buffer", "AbortController", "AbortSignal"].map((g) => [g, "readonly"]),
      ),
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
  {
    // One typed Config: src/config.ts reads the environment, every other module is handed the
    // settings it needs (issue #21). Tests and scripts set up environments and are exempt.
    files: ["src/**/*.ts"],
    ignores: ["src/config.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings from the Config built by src/config.ts (loadConfig) and pass them down." },
      ],
      // the same environment under another name
      "no-restricted-imports": [
        "error",
        {
          paths: ["node:process", "process"].map((name) => ({
            name,
            importNames: ["env"],
            message: "Read settings from the Config built by src/config.ts (loadConfig) and pass them down.",
          })),
        },
      ],
    },
  },
  {
    // Tests read GraphQL and JSON answers whose shape is what they assert.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
