"""A real Apollo Client with `BatchHttpLink`, under node, against the gateway over real HTTP:
its operations travel as one JSON array and each comes back to its own caller."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.service.helpers import RW_KEY, make_app, serve_in_thread
from tests.service.node_packages import ROOT, install

pytestmark = pytest.mark.node

APOLLO_DIR = ROOT / ".node-apollo"
PACKAGES = ["@apollo/client@3.13.8", "graphql@16.11.0"]
SCRIPT = """
import { ApolloClient, InMemoryCache, gql } from '@apollo/client/core/index.js';
import { BatchHttpLink } from '@apollo/client/link/batch-http/index.js';

const sent = [];
const counting = (url, init) => {
  sent.push(JSON.parse(init.body).map((op) => op.operationName));
  return fetch(url, init);
};
const client = new ApolloClient({
  cache: new InMemoryCache(),
  link: new BatchHttpLink({
    uri: process.env.URL, batchMax: 10, batchInterval: 50, fetch: counting,
    headers: { Authorization: `Bearer ${process.env.KEY}` },
  }),
  defaultOptions: { query: { errorPolicy: 'all', fetchPolicy: 'no-cache' },
                    mutate: { errorPolicy: 'all' } },
});
const results = await Promise.all([
  client.query({ query: gql`query Hello { hello }` }),
  client.query({ query: gql`query Who { whoami }` }),
  client.query({ query: gql`query Items($n: Int!) { items(first: $n) { totalCount } }`,
                 variables: { n: 2 } }),
  client.query({ query: gql`query Boom { boom }` }),
  client.mutate({ mutation: gql`mutation Touch { touch }` }),
]);
const codes = (r) => (r.errors || []).map((e) => e.extensions && e.extensions.code);
console.log(JSON.stringify({ sent, results: results.map((r) => ({ data: r.data, codes: codes(r) })) }));
"""


def test_apollo_batch_http_link_gets_each_answer_from_one_batch() -> None:
    install(APOLLO_DIR, PACKAGES, "@apollo/client")
    (APOLLO_DIR / "batch.mjs").write_text(SCRIPT)
    with serve_in_thread(make_app()) as url:
        done = subprocess.run(
            ["node", "batch.mjs"], cwd=APOLLO_DIR, capture_output=True, text=True, timeout=120,
            env={**os.environ, "URL": f"{url}/graphql", "KEY": RW_KEY}, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["sent"] == [["Hello", "Who", "Items", "Boom", "Touch"]]  # one request
    results = report["results"]
    assert results[0] == {"data": {"hello": "world"}, "codes": []}
    assert results[1]["data"]["whoami"].startswith("acme read,write ")
    assert results[2]["data"] == {"items": {"__typename": "ItemConnection", "totalCount": 1}}
    assert results[3]["codes"] == ["PLATFORM_UNKNOWN_ERROR"]
    assert results[4] == {"data": {"touch": True}, "codes": []}
