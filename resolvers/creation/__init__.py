"""Building blocks of createApplication / createCandidate: the input mirrors (`inputs`), the
checks made before any upstream call (`validation`, `attachments`, `answers`, `files`,
`sniff`) and the C4 body (`c4_payload`). Pure: no I/O; fetching a `dataUrl` is
`gateway.urlfetch`'s job."""
