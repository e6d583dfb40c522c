"""createApplication / createCandidate. Pure building blocks: the input mirrors (`inputs`), the
checks made before any upstream call (`validation`, `attachments`, `answers`, `files`,
`sniff`) and the C4 body (`c4_payload`). With I/O: the job lookup (`job`), the checks plus
the CV fetch (`prepare`), C4 and finding its applicant again (`reconcile`), idempotency keys
(`idempotent`) and the whole flow (`create`). Fetching a `dataUrl` is `gateway.urlfetch`'s
job."""
