import Module from "node:module";
import path from "node:path";

// `import "server-only"` throws unless the module is bundled for React Server Components. Server code run
// directly by Node (the app server's webhook path, a test's child process) is on the server by definition, so
// the import resolves to the package's own empty module, as it does in Next's server bundle. Import this first.
const moduleWithResolve = Module as unknown as {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
};
const resolve = moduleWithResolve._resolveFilename.bind(Module);
// (empty.js is not in the package's "exports" outside the react-server condition: found next to index.js.)
const emptyModule = path.join(path.dirname(require.resolve("server-only")), "empty.js");
moduleWithResolve._resolveFilename = (request, ...rest) =>
  request === "server-only" ? emptyModule : resolve(request, ...rest);
