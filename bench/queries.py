"""The canonical queries of the upstream-call budget (issue: read API, Q1-Q4)."""

Q1 = """
{ jobs(first: 50) { edges { node { name status location { city } stages { index name } } } } }
"""

Q2 = """
{ jobs(first: 20) { edges { node { name applications(first: 50) { totalCount edges { node {
    outcome currentStage { name }
    candidate { firstName emailAddresses { emailAddress } } } } } } } } }
"""

Q3 = """
{ jobs(first: 20) { edges { node { name screeningQuestions {
    index required question { title format { type } } } } } } }
"""

Q4 = """
{ candidates(first: 50) { edges { node { firstName tags { name } candidateTags { value } } } } }
"""
