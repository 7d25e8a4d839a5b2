// microgradkr under Pyodide, the Python of the browser build, run here in Node.
//
//   npm ci && node scripts/check_pyodide.mjs microgradkr-*.whl graphviz-*.whl tqdm-*.whl
//
// Unpacks the given wheels into Pyodide's site-packages, imports microgradkr, builds the
// apple-shopping graph (DLFS 5.4), runs backward and draws it as DOT and as text (no
// renderer: SVG under Pyodide is the WebAssembly Graphviz's job). Prints one JSON object
// (the Python version and what it computed) and exits 1 if a number is not the textbook's.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const wheels = process.argv.slice(2);
if (wheels.length === 0) {
  console.error("usage: node scripts/check_pyodide.mjs WHEEL...");
  process.exit(2);
}

// Python's own prints go to stderr, so stdout holds only the JSON report.
const pyodide = await loadPyodide({ stdout: (line) => console.error(line) });
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
for (const wheel of wheels) {
  // a plain Uint8Array: Pyodide does not take a Node Buffer
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
}

const report = pyodide.runPython(`
import json, math, platform, sys
import microgradkr
from microgradkr import draw_dot, gates

circuit = gates.apple().backward()
leaves = circuit.inputs
numbers = {"total": circuit.output.data, "apple": leaves["apple"].grad,
           "apple_num": leaves["apple_num"].grad, "tax": leaves["tax"].grad}
textbook = {"total": 220, "apple": 2.2, "apple_num": 110, "tax": 200}
wrong = {name: value for name, value in numbers.items()
         if not math.isclose(value, textbook[name], rel_tol=1e-12)}
drawings = {mode: draw_dot(circuit.output, mode=mode) for mode in ("forward", "backward")}
json.dumps({
    "python": platform.python_version(),
    "platform": sys.platform,
    "microgradkr": microgradkr.__file__,
    "numbers": numbers,
    "wrong": wrong,
    "dot": {mode: drawing.source for mode, drawing in drawings.items()},
    "text": {mode: drawing.text() for mode, drawing in drawings.items()},
})
`);
console.log(report);
process.exit(Object.keys(JSON.parse(report).wrong).length === 0 ? 0 : 1);
