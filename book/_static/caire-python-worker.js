/* Runs learners' Python with Pyodide, served by the site itself (no CDN, works offline).
 * Started on first use by caire-python.js, one worker per page; the page ends it (and
 * starts another) when a run must be stopped. The Python half is caire_runner.py.
 *
 * Files the build compressed (`caire-files.json` says which) are fetched as `.gz` and
 * decompressed here with the browser's DecompressionStream, since neither a static host
 * nor an LMS negotiates compression for us; every file is checked against its sha256
 * (the lock file's, for packages) after decompression. Bytes received are reported, so
 * the page can say how far the download has got. */
"use strict";

const BASE = new URL("pyodide/", self.location.href).href;
const RUNNER = new URL("caire_runner.py", self.location.href).href;
const realFetch = self.fetch.bind(self);
let manifest = null;
let report = null;  // (bytes) => void while a download is reported

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function readAll(response) {
  const reader = response.body.getReader();
  const parts = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) { break; }
    parts.push(value);
    length += value.length;
    if (report) { report(value.length); }
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) { bytes.set(part, at); at += part.length; }
  return bytes;
}

async function gunzip(bytes) {
  // A server that adds Content-Encoding: gzip itself has already decompressed it.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) { return bytes; }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Files of the runtime go through here: .gz when shipped so, counted, verified.
async function shippedFile(name) {
  const entry = manifest.files[name];
  const response = await realFetch(BASE + name + (entry.gzip ? ".gz" : ""),
                                   { credentials: "same-origin" });
  if (!response.ok) { throw new Error(name + " : erreur HTTP " + response.status); }
  let bytes = await readAll(response);
  if (entry.gzip) { bytes = await gunzip(bytes); }
  if (hex(await crypto.subtle.digest("SHA-256", bytes)) !== entry.sha256) {
    throw new Error(name + " : fichier altéré (empreinte SHA-256 inattendue)");
  }
  return bytes;
}

self.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const name = url.startsWith(BASE) ? url.slice(BASE.length).split(/[?#]/)[0] : "";
  if (!manifest || !manifest.files[name]) { return realFetch(input, init); }
  const type = name.endsWith(".wasm") ? "application/wasm"
    : name.endsWith(".json") ? "application/json" : "application/octet-stream";
  return new Response(await shippedFile(name), { headers: { "Content-Type": type } });
};

function transferSize(names) {
  return names.reduce((sum, name) => sum + manifest.files[name].size, 0);
}

// Report the download of `names` to the page as {type: "progress", loaded, total}.
async function reporting(id, names, action) {
  const total = transferSize(names);
  if (!total) { return action(); }
  let loaded = 0;
  self.postMessage({ id, type: "progress", loaded, total });
  report = (bytes) => {
    loaded += bytes;
    self.postMessage({ id, type: "progress", loaded: Math.min(loaded, total), total });
  };
  try { return await action(); } finally { report = null; }
}

let python = null;

function start(id) {
  if (!python) {
    python = (async () => {
      manifest = await (await realFetch(BASE + "caire-files.json")).json();
      const runtime = manifest.runtime.filter((name) => name !== "pyodide.js");
      return reporting(id, runtime, async () => {
        importScripts(BASE + "pyodide.js");
        // The big script, compressed: loaded here so that loadPyodide does not fetch it.
        const script = new Blob([await shippedFile("pyodide.asm.js")],
                                { type: "text/javascript" });
        const scriptUrl = URL.createObjectURL(script);
        importScripts(scriptUrl);
        URL.revokeObjectURL(scriptUrl);
        const pyodide = await loadPyodide({ indexURL: BASE, stdout: () => {},
                                            stderr: () => {} });
        pyodide.runPython(await (await realFetch(RUNNER)).text(), { filename: "caire_runner.py" });
        call(pyodide, "configure");
        return pyodide;
      });
    })();
  }
  return python;
}

// The packages a piece of code imports, with their dependencies, not yet loaded.
function packagesFor(pyodide, code) {
  const found = pyodide.pyodide_py.code.find_imports(code);
  const modules = found.toJs();
  found.destroy();
  const wanted = new Set();
  const todo = modules.map((m) => manifest.imports[m]).filter(Boolean);
  while (todo.length) {
    const name = todo.pop();
    if (wanted.has(name) || pyodide.loadedPackages[name]) { continue; }
    wanted.add(name);
    todo.push(...manifest.packages[name].depends);
  }
  return Array.from(wanted).sort();
}

function call(pyodide, name, ...args) {
  const fn = pyodide.globals.get(name);
  try { return fn(...args); } finally { fn.destroy(); }
}

/* A job: {earlier: [{cell, code, raises}], code, tests: [code], solution, starter, echo}.
 * The page hears "progress" while files load, "step" before each piece of code runs (it
 * times each one and ends this worker when one runs too long), then "done". */
async function runJob(id, job) {
  const pyodide = await start(id);
  const plan = JSON.parse(call(pyodide, "plan", JSON.stringify(job)));
  const steps = plan.map((i) => ({ code: job.earlier[i].code, filename: "cellule-" +
    job.earlier[i].cell, cell: job.earlier[i].cell, raises: job.earlier[i].raises,
                                   setup: true }));
  steps.push({ code: job.code, filename: "votre-code", echo: job.echo, answer: true });
  (job.tests || []).forEach((code) => steps.push({ code, filename: "tests", tests: true }));
  const packages = packagesFor(pyodide, steps.map((s) => s.code).join("\n"));
  if (packages.length) {
    await reporting(id, packages.map((p) => manifest.packages[p].file),
                    () => pyodide.loadPackage(packages, { messageCallback: () => {} }));
  }
  self.postMessage({ id, type: "preparing" });
  call(pyodide, "preload", JSON.stringify(steps.map((s) => s.code)));
  call(pyodide, "fresh");
  const results = [];
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    // The page times the learner's code and the tests, not the course's own cells.
    self.postMessage({ id, type: "step", index, timed: !step.setup });
    const result = JSON.parse(call(pyodide, "run", step.code, step.filename, !!step.echo,
                                   !step.setup));
    result.setup = !!step.setup;
    result.cell = step.cell;
    result.answer = !!step.answer;
    result.tests = !!step.tests;
    results.push(result);
    if (result.error && !(step.setup && step.raises)) { break; }
  }
  const facts = job.starter === undefined ? null
    : JSON.parse(call(pyodide, "facts", job.code, job.starter));
  return { results, facts };
}

self.onmessage = async (event) => {
  const { id, job } = event.data;
  try {
    const outcome = await runJob(id, job);
    self.postMessage({ id, type: "done", results: outcome.results, facts: outcome.facts });
  } catch (error) {
    self.postMessage({ id, type: "done", failure: String((error && error.message) || error) });
  }
};
