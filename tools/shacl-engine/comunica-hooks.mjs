// Module hooks: shacl-engine's import of the Comunica query engine gets shared-query-engine.mjs.
const SHIM = new URL('./shared-query-engine.mjs', import.meta.url).href

export async function resolve (specifier, context, nextResolve) {
  if (specifier === '@comunica/query-sparql-rdfjs-lite' && context.parentURL?.includes('/node_modules/shacl-engine/')) {
    return nextResolve(SHIM, context)
  }
  return nextResolve(specifier, context)
}
