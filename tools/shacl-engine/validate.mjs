// The second, independent SHACL engine: shacl-engine (RDF/JS, npm) with its SHACL-SPARQL plugin.
//
//   node tools/shacl-engine/validate.mjs --shapes SHAPES.ttl [--each] [--core-only] [--as-published] DATA ...
//
// Reads the shapes and the data with N3.js (Turtle, TriG, N-Triples, N-Quads: from the file
// extension), validates, and prints one JSON line per validated data set:
//
//   {"inputs": [...], "conforms": bool, "results": n, "parse_ms": t, "validate_ms": t,
//    "report": "<the sh:ValidationReport as N-Triples>"}
//
// Without --each, all DATA files are merged into one data set (like `ogpgraph validate`);
// with --each, every file is validated on its own, in this one process (the fixture test
// would otherwise pay Node's start-up for each of 200 files). --core-only leaves out the
// SPARQL plugin (sh:sparql constraints are then ignored): the benchmark uses it to show
// where the time goes. Exit status: 0 when every data set was validated (whatever the
// verdict), 2 on a usage or input error with a one-line message on stderr.
//
// One Comunica query engine for all SPARQL constraints: shacl-engine 1.1 builds a new one for
// every focus node of every sh:sparql constraint (lib/sparql.js), and building one costs
// ~130 ms against ~4 ms for a query. The module hooks of comunica-hooks.mjs hand shacl-engine
// shared-query-engine.mjs instead: same engine, same queries, same bindings, built once
// (docs/shacl-engines.md: same results on every fixture, 3-8x faster). --as-published
// runs shacl-engine untouched, for the benchmark.
//
// Run by src/ogpgraph/shacl/engines.py; it lives under tools/, beside package.json, because Node
// resolves its imports from node_modules/ at the project root.

import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { register } from 'node:module'
import { DataFactory, Parser, Store, Writer } from 'n3'

const FORMATS = { '.ttl': 'text/turtle', '.trig': 'application/trig', '.nt': 'application/n-triples',
  '.nq': 'application/n-quads' }

function usage (message) {
  process.stderr.write(`shacl-engine: error: ${message}\n`)
  process.exit(2)
}

function parseArgs (argv) {
  const args = { shapes: null, each: false, coreOnly: false, asPublished: false, data: [] }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--shapes') args.shapes = argv[++i]
    else if (arg === '--each') args.each = true
    else if (arg === '--core-only') args.coreOnly = true
    else if (arg === '--as-published') args.asPublished = true
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`)
    else args.data.push(arg)
  }
  if (!args.shapes) usage('--shapes FILE is required')
  if (args.data.length === 0) usage('no DATA file')
  return args
}

// Relative IRIs resolve against the file's own file: URL, as rdflib does in ogpgraph validate.
function load (file, store) {
  const format = FORMATS[path.extname(file).toLowerCase()]
  if (!format) usage(`${file}: only .ttl, .trig, .nt and .nq files are read`)
  let text
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    usage(`cannot read ${file}: ${err.code || err.message}`)
  }
  try {
    store.addQuads(new Parser({ format, baseIRI: pathToFileURL(path.resolve(file)).href }).parse(text))
  } catch (err) {
    usage(`cannot parse ${file}: ${err.message.split('\n')[0]}`)
  }
  return store
}

function toNTriples (dataset) {
  const writer = new Writer({ format: 'N-Triples' })
  writer.addQuads([...dataset])
  let out = ''
  writer.end((err, text) => { if (err) throw err; out = text })
  return out
}

// shacl-engine needs a data factory that can also make the report's dataset.
const factory = { ...DataFactory, dataset: quads => new Store(quads ? [...quads] : []) }

async function main () {
  const args = parseArgs(process.argv.slice(2))
  // The hooks must be in place before shacl-engine is first imported: hence the dynamic imports.
  if (!args.asPublished) register('./comunica-hooks.mjs', import.meta.url)
  const { Validator } = await import('shacl-engine')
  const { targetResolvers, validations } = await import('shacl-engine/sparql.js')
  const shapes = load(args.shapes, new Store())
  const plugin = args.coreOnly ? {} : { validations, targetResolvers }
  const validator = new Validator(shapes, { factory, ...plugin })
  const runs = args.each ? args.data.map(file => [file]) : [args.data]
  for (const inputs of runs) {
    let start = performance.now()
    const data = new Store()
    for (const file of inputs) load(file, data)
    const parseMs = performance.now() - start
    start = performance.now()
    const report = await validator.validate({ dataset: data })
    const validateMs = performance.now() - start
    process.stdout.write(JSON.stringify({
      inputs,
      conforms: report.conforms,
      results: report.results.length,
      parse_ms: Math.round(parseMs),
      validate_ms: Math.round(validateMs),
      report: toNTriples(report.dataset)
    }) + '\n')
  }
}

main().catch(err => {
  process.stderr.write(`shacl-engine: error: ${String(err && err.message ? err.message : err).split('\n')[0]}\n`)
  process.exit(2)
})
