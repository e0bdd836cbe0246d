"""The Python ceiling for benchmarks/front_door.py: a bare Flask app that answers every
POST /sparql with fixed bytes (our endpoint's answer to ``ASK {}``), nothing else. Served by
gunicorn with the options ``ogpgraph serve`` uses (server/wsgi.py)."""

from flask import Flask, Response, request

ANSWER = b'{"head":{},"boolean":true}'
app = Flask(__name__)


@app.post("/sparql")
def sparql():
    request.get_data()  # read the body, as any endpoint must
    return Response(ANSWER, 200, {"Content-Type": "application/sparql-results+json", "Vary": "Accept"})
