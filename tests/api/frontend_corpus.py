"""Queries a recruiting frontend sends, as written by someone building its pages (not tuned to
the cost model): every one must be admitted by the default limits."""

from __future__ import annotations

FRONTEND = {
    "job board page": """
query JobBoard($after: String) {
  jobs(first: 50, after: $after, filter: {statuses: [OPEN]}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name status employmentType department category openedAt postUrl
      location { city country zipCode }
      remoteWorkStatus salaryAmountFrom salaryAmountTo salaryCurrency salaryPeriod
      stages { id name index }
      applications(first: 0) { totalCount }
    } }
  }
}""",
    "pipeline board": """
query Pipeline {
  jobs(first: 20) {
    edges { node {
      id name
      stages { id index name stage { id name } }
      applications(first: 100) {
        totalCount
        edges { node {
          id outcome remoteCreatedAt
          currentStage { id name }
          candidate {
            id firstName lastName
            emailAddresses { emailAddress }
            tags { id name }
          }
        } }
      }
    } }
  }
}""",
    "candidate profile": """
query Profile($id: ID!) {
  candidate(id: $id) {
    id firstName lastName remoteId changedAt
    phoneNumbers { phoneNumber type }
    emailAddresses { emailAddress type }
    tags { id name }
    candidateTags { id value tag { id name } }
    attachments { id type fileName contentType dataUrl }
    applications(first: 20) {
      edges { node {
        id outcome source remoteCreatedAt
        currentStage { id name }
        job { id name status location { city } stages { id index name } }
      } }
    }
  }
}""",
    "candidate list with tags": """
query Candidates($after: String) {
  candidates(first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id firstName lastName
      emailAddresses { emailAddress }
      tags { id name }
      applications(first: 10) { edges { node { id outcome job { id name } currentStage { name } } } }
    } }
  }
}""",
    "tag browser": """
query Tags {
  tags(first: 50) {
    edges { node {
      id name
      candidates(first: 50) {
        totalCount
        edges { node {
          id firstName lastName
          candidateTags { tag { id } candidate { id } }
        } }
      }
    } }
  }
}""",
    "job detail with screening questions": """
query JobDetail($id: ID!) {
  job(id: $id) {
    id name description status visibility department customFields
    location { city country raw }
    screeningQuestions {
      id index required preconditionOptions
      question { id title format { type
        ... on SingleSelectQuestionFormat { options { id name } }
        ... on MultiSelectQuestionFormat { options { id name } } } }
    }
    stages { id index name }
    applications(first: 50) { totalCount edges { node { id outcome candidate { id firstName lastName } } } }
  }
}""",
}
