import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import path from "node:path";
import tseslint from "typescript-eslint";

// Conventions from ARCHITECTURE.md that a tool checks (a convention exists only where a tool checks it).

// File and folder names are kebab-case; Next's route folders may be [param], [...param] or (group).
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SEGMENT = /^([a-z0-9]+(-[a-z0-9]+)*|\[(\.\.\.)?[a-zA-Z]+\]|\([a-z0-9-]+\))$/;
// app/ holds routing only (ARCHITECTURE.md "page pattern"): Next's special files, server actions, the root providers.
// A page's UI lives in components/<domain>/.
const APP_FILES = new Set([
  "page",
  "layout",
  "error",
  "global-error",
  "loading",
  "not-found",
  "route",
  "actions",
  "manifest",
  "providers",
]);
const conventions = {
  rules: {
    "app-routing-only": {
      meta: {
        type: "suggestion",
        schema: [],
        messages: {
          file: "app/ holds routing files only ({{allowed}}); move {{file}} to components/<domain>/.",
        },
      },
      create(context) {
        const relative = path.relative(context.cwd, context.filename).split(path.sep);
        const stem = (relative.at(-1) ?? "").replace(/\.(ts|tsx)$/, "");
        if (relative[0] !== "app" || APP_FILES.has(stem)) return {};
        return {
          Program(node) {
            context.report({
              node,
              messageId: "file",
              data: { file: relative.join("/"), allowed: [...APP_FILES].join(", ") },
            });
          },
        };
      },
    },
    "kebab-case-files": {
      meta: {
        type: "suggestion",
        schema: [],
        messages: { name: "File and folder names are kebab-case: {{part}} in {{file}}." },
      },
      create(context) {
        const relative = path.relative(context.cwd, context.filename).split(path.sep);
        const file = relative.pop() ?? "";
        // "campaign-worker.test.ts" -> ["campaign-worker", "test"]; every dot-separated part must be kebab-case.
        const stem = file.replace(/\.(ts|tsx|mjs|js)$/, "").split(".");
        const bad = [
          ...relative.filter((dir) => !SEGMENT.test(dir)),
          ...stem.filter((part) => !KEBAB.test(part)),
        ];
        return {
          Program(node) {
            for (const part of bad)
              context.report({
                node,
                messageId: "name",
                data: { part, file: relative.concat(file).join("/") },
              });
          },
        };
      },
    },
  },
};
const DATABASE_MODULES = [
  "@/lib/db",
  "@/lib/db-pool",
  "@/lib/generated/*",
  "**/lib/db",
  "**/lib/db-pool",
  "**/generated/prisma/*",
];

const NO_NEXT_IN_LIB = {
  group: ["next", "next/*"],
  message:
    "lib/ is framework-free: only lib/api/handler.ts, lib/auth/session.ts and client React modules (hooks/, *.tsx) import next/*.",
};
const NO_HTTP_LAYER_IN_LIB = {
  group: ["**/api/handler", "**/api/read-body", "**/api/error-payload", "@/lib/api/*"],
  message:
    "Services do not import the HTTP layer (lib/api/): throw AppError from lib/app-error.ts; database error helpers are in lib/db-errors.ts.",
};

// Configuration is read in one place: lib/env.ts (zod).
const NO_PROCESS_ENV = [
  {
    selector:
      "MemberExpression[object.object.name='process'][object.property.name='env'][property.name!='NODE_ENV']",
    message: "Read configuration through lib/env.ts (validated with zod).",
  },
  {
    selector:
      "MemberExpression[object.name='process'][property.name='env']:not(MemberExpression > MemberExpression.object)",
    message: "Read configuration through lib/env.ts (validated with zod).",
  },
];

const config = [
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "lib/generated/**",
      ".data/**",
      "playwright-report/**",
      "test-results/**",
      "next-env.d.ts",
      "bench/results/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**", "scripts/**", "e2e/**", "test/**", "bench/**", "types/**"],
    plugins: { conventions },
    rules: { "conventions/kebab-case-files": "error", "conventions/app-routing-only": "error" },
  },
  // lib/ holds services. They never import the framework (only the HTTP adapters do: the route wrapper, the session
  // reader, client React modules) nor the HTTP layer lib/api/ (services throw AppError from lib/app-error.ts; only
  // route handlers and the direct webhook adapter map errors to responses). Later blocks narrow the rule for those.
  {
    files: ["lib/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_NEXT_IN_LIB, NO_HTTP_LAYER_IN_LIB] }] },
  },
  {
    files: ["lib/auth/session.ts", "lib/*/hooks/**", "lib/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_HTTP_LAYER_IN_LIB] }] },
  },
  {
    files: ["lib/api/**", "lib/webhooks/node-webhook-handler.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_NEXT_IN_LIB] }] },
  },
  {
    files: ["lib/api/handler.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Specs use e2e/fixtures.ts's `test`: its pages wait for hydration after each goto and reload.
    files: ["e2e/**"],
    ignores: ["e2e/fixtures.ts", "e2e/auth.setup.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@playwright/test",
              importNames: ["test"],
              message: "Import `test` from ./fixtures: its pages wait for hydration after goto and reload.",
            },
          ],
        },
      ],
    },
  },
  {
    // Pages and components read through lib/<domain> services, read models and hooks, never the database.
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: DATABASE_MODULES,
              message: "app/ and components/ reach the database through lib/<domain> services, not directly.",
            },
          ],
          // Reads go through lib/<domain>/queries.ts (query options), writes through lib/<domain>/hooks/: one place
          // per endpoint for its URL, its answer's type and the caches it refreshes.
          paths: [
            {
              name: "@/lib/api-client/fetch",
              importNames: ["apiFetch"],
              message: "Call the API from lib/<domain>/queries.ts (reads) or lib/<domain>/hooks/ (writes).",
            },
            {
              name: "@tanstack/react-query",
              importNames: ["useMutation"],
              message: "Mutations live in lib/<domain>/hooks/ (they own the cache invalidation).",
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is read in one place: lib/env.ts (zod). Scripts, benchmarks and tests may read process.env; so may
    // code that asks whether this is a production build (process.env.NODE_ENV, inlined by Next at build time).
    files: ["app/**", "components/**", "lib/**", "proxy.ts"],
    ignores: ["lib/env.ts", "**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-syntax": ["error", ...NO_PROCESS_ENV],
    },
  },
  {
    // Screens are built from the kit: a raw control outside components/ui/ is a second look and a second set of
    // keyboard and ARIA rules. (A hidden or file <input>, which has no look, says why in an eslint-disable comment.)
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    ignores: ["components/ui/**", "**/*.test.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...NO_PROCESS_ENV,
        {
          selector: "JSXOpeningElement[name.name=/^(button|input|select|textarea|dialog)$/]",
          message:
            "Use the kit (components/ui/: Button, BareButton, Input, Textarea, Select, Checkbox, Radio, Switch, Dialog, Drawer).",
        },
        {
          // A failed load is the kit's ErrorNote (the alert role, the wording, Retry): one look, not one per screen.
          selector: "JSXText[value=/Could not load/]",
          message: 'Use the kit\'s ErrorNote (what="…", error, onRetry) for a "Could not load …" note.',
        },
      ],
    },
  },
];

export default config;
