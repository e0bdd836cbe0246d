// One Comunica QueryEngine for every query shacl-engine runs (it builds a new one per focus node).
import { QueryEngine as ComunicaQueryEngine } from '@comunica/query-sparql-rdfjs-lite'

let shared = null

export class QueryEngine {
  constructor () {
    shared ??= new ComunicaQueryEngine()
    return shared
  }
}
