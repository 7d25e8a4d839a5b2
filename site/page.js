// The browser site's runtime, shared by every page (scripts/build_site.py builds the pages).
//
// Graphviz first: Python's renderer lookup (microgradkr/draw/render.py) calls the page's
// @viz-js/viz instance synchronously, so the instance must exist before any Python runs.
// Then Pyodide's core runtime, the wheels (microgradkr, graphviz, tqdm) unpacked into its
// site-packages, and site/mgk_page.py, which runs cells and answers the page's controls.
// Everything is fetched from the site's own assets/ folder: the page asks nothing of the network.
"use strict";

const root = document.documentElement;
const ASSETS = root.dataset.assets;
const LANG = root.dataset.lang;
const WORDS = JSON.parse(document.getElementById("mgk-words").textContent);

function setStatus(text, busy) {
  const status = document.getElementById("mgk-status");
  status.textContent = text;
  status.classList.toggle("busy", Boolean(busy));
}

async function fetchOk(name) {
  const response = await fetch(ASSETS + name);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response;
}

async function boot() {
  setStatus(WORDS.loading, true);
  const manifest = await (await fetchOk("manifest.json")).json();
  // start every download at once: the wheels and the page module arrive while Pyodide starts
  const wheels = manifest.wheels.map((name) => fetchOk("wheels/" + name).then((r) => r.arrayBuffer()));
  const pageModule = fetchOk("mgk_page.py").then((r) => r.text());
  const [viz, pyodide] = await Promise.all([
    Viz.instance(),
    loadPyodide({ indexURL: ASSETS + "pyodide/", env: { MICROGRADKR_LANG: LANG, HOME: "/home/pyodide" } }),
  ]);
  globalThis.microgradkrViz = viz;
  performance.mark("mgk-runtime"); // scripts/measure_site.py reads these marks
  for (const wheel of wheels) pyodide.unpackArchive(await wheel, "wheel");
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.FS.writeFile(sitePackages + "/mgk_page.py", await pageModule);
  performance.mark("mgk-wheels");
  const page = pyodide.pyimport("mgk_page");
  performance.mark("mgk-imported");
  setStatus(WORDS.ready, false);
  return page;
}

// a promise every control waits on; the pages' scripts start from it
const ready = boot().catch((error) => {
  setStatus(WORDS.failed + " " + error, false);
  throw error;
});

// let the browser paint the "running" state before Python holds the main thread
const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0));

// ------------------------------------------------------------------ cells

// each backprop player posts {mgkPlayerHeight: px} (microgradkr/draw/player.js): its frame takes that height
window.addEventListener("message", (event) => {
  const height = event.data && event.data.mgkPlayerHeight;
  if (typeof height !== "number") return;
  for (const frame of document.querySelectorAll("iframe.mgk-player")) {
    if (frame.contentWindow === event.source) frame.style.height = height + 2 + "px";
  }
});

function showOutputs(box, items) {
  box.replaceChildren();
  for (const item of items) {
    if (item.kind === "html") {
      const div = document.createElement("div");
      div.className = "mgk-out-html";
      div.innerHTML = item.text; // microgradkr's own SVG and the player's sandboxed frame
      box.append(div);
    } else {
      const pre = document.createElement("pre");
      pre.className = "mgk-out-" + item.kind;
      pre.textContent = item.text;
      box.append(pre);
    }
  }
}

async function runCell(cell) {
  const page = await ready;
  const button = cell.querySelector(".mgk-run");
  const box = cell.querySelector(".mgk-output");
  button.disabled = true;
  cell.classList.add("running");
  await nextFrame();
  try {
    const source = cell.querySelector("textarea").value;
    showOutputs(box, JSON.parse(page.run_cell(source, cell.dataset.file, LANG)));
  } finally {
    button.disabled = false;
    cell.classList.remove("running");
    cell.dataset.runs = String(Number(cell.dataset.runs || 0) + 1);
  }
}

async function runAll() {
  for (const cell of document.querySelectorAll(".mgk-cell")) await runCell(cell);
}

function setUpCells() {
  for (const cell of document.querySelectorAll(".mgk-cell")) {
    cell.querySelector(".mgk-run").addEventListener("click", () => runCell(cell));
    cell.querySelector("textarea").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.shiftKey || event.ctrlKey)) {
        event.preventDefault();
        runCell(cell);
      }
    });
  }
  const all = document.getElementById("mgk-run-all");
  if (all) all.addEventListener("click", runAll);
}

// ------------------------------------------------------------------ the graph explorer

async function setUpExplorer() {
  const menu = document.getElementById("mgk-circuit");
  if (!menu) return;
  const page = await ready;
  const sliders = document.getElementById("mgk-sliders");
  let pending = false;

  function update() {
    // one update per frame however fast the slider moves: each one runs backward and Graphviz
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const values = {};
      for (const input of sliders.querySelectorAll("input")) {
        values[input.name] = Number(input.value);
        input.nextElementSibling.textContent = input.value;
      }
      const shown = JSON.parse(page.explorer_update(menu.value, JSON.stringify(values), LANG));
      document.getElementById("mgk-result").textContent = shown.result;
      document.getElementById("mgk-table").innerHTML = shown.table;
      document.getElementById("mgk-picture").innerHTML = shown.picture;
      document.getElementById("mgk-explorer").dataset.updates =
        String(Number(document.getElementById("mgk-explorer").dataset.updates || 0) + 1);
    });
  }

  function build() {
    sliders.replaceChildren();
    for (const s of JSON.parse(page.explorer_sliders(menu.value, LANG))) {
      const row = document.createElement("label");
      row.className = "mgk-slider";
      const name = document.createElement("span");
      name.textContent = s.label;
      const input = Object.assign(document.createElement("input"), {
        type: "range", name: s.name, min: s.low, max: s.high, step: s.step,
      });
      input.value = s.start;
      const readout = document.createElement("output");
      row.append(name, input, readout);
      input.addEventListener("input", update);
      sliders.append(row);
    }
    update();
  }
  menu.addEventListener("change", build);
  build();
}

// ------------------------------------------------------------------ the training explorer

function drawLossCurve(svg, losses) {
  const width = 420, height = 220, pad = 30;
  const top = Math.max(...losses, 1e-9);
  const x = (i) => pad + (width - 2 * pad) * (losses.length > 1 ? i / (losses.length - 1) : 0);
  const y = (v) => height - pad - (height - 2 * pad) * (v / top);
  const points = losses.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  svg.innerHTML =
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#888"/>` +
    `<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" stroke="#888"/>` +
    `<text x="${pad}" y="${pad - 8}" font-size="12">${WORDS.loss} (max ${top.toFixed(3)})</text>` +
    `<text x="${width - pad}" y="${height - 8}" font-size="12" text-anchor="end">${WORDS.epoch} ${losses.length}</text>` +
    `<polyline fill="none" stroke="#c0392b" stroke-width="2" points="${points}"/>`;
}

function drawBoundary(canvas, state) {
  const context = canvas.getContext("2d");
  const { x: gx, y: gy, classes } = state.grid;
  const n = gx.length, size = canvas.width;
  const toX = (v) => ((v - gx[0]) / (gx[n - 1] - gx[0])) * size;
  const toY = (v) => size - ((v - gy[0]) / (gy[n - 1] - gy[0])) * size;
  const cell = size / (n - 1);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      context.fillStyle = classes[j * n + i] ? "#f6c6bd" : "#c4d7f2";
      context.fillRect(toX(gx[i]) - cell / 2, toY(gy[j]) - cell / 2, cell + 1, cell + 1);
    }
  }
  state.points.forEach(([px, py], k) => {
    context.beginPath();
    context.arc(toX(px), toY(py), 4, 0, 2 * Math.PI);
    context.fillStyle = state.labels[k] > 0 ? "#c0392b" : "#2e5fa8";
    context.fill();
    context.strokeStyle = "#000";
    context.stroke();
  });
}

async function setUpTraining() {
  const box = document.getElementById("mgk-training");
  if (!box) return;
  const page = await ready;
  const status = document.getElementById("mgk-train-status");
  let playing = false;

  function show(state) {
    const epochs = state.loss.length;
    box.dataset.losses = JSON.stringify(state.loss);
    box.dataset.seconds = JSON.stringify(state.seconds);
    status.textContent = epochs
      ? `${WORDS.epoch} ${epochs}: ${WORDS.loss} ${state.loss[epochs - 1].toFixed(4)}, ` +
        `${WORDS.accuracy} ${(100 * state.accuracy[epochs - 1]).toFixed(1)}%`
      : WORDS.not_started;
    drawLossCurve(document.getElementById("mgk-loss"), state.loss);
    drawBoundary(document.getElementById("mgk-boundary"), state);
  }
  const reset = () => show(JSON.parse(page.train_reset(
    document.getElementById("mgk-optimizer").value, Number(document.getElementById("mgk-lr").value))));
  const step = () => show(JSON.parse(page.train_step(1)));

  async function play() {
    playing = !playing;
    document.getElementById("mgk-play").textContent = playing ? WORDS.pause : WORDS.play;
    while (playing) {
      step();
      await nextFrame(); // the page stays responsive between epochs
    }
  }
  document.getElementById("mgk-step").addEventListener("click", step);
  document.getElementById("mgk-play").addEventListener("click", play);
  document.getElementById("mgk-reset").addEventListener("click", () => { playing = false; reset(); });
  document.getElementById("mgk-optimizer").addEventListener("change", reset);
  document.getElementById("mgk-lr").addEventListener("change", reset);
  reset();
}

// ------------------------------------------------------------------ start

setUpCells();
ready.then(() => Promise.all([setUpExplorer(), setUpTraining()])).then(() => {
  if (root.dataset.autorun === "1") return runAll();
}).then(() => { root.dataset.ready = "1"; });
