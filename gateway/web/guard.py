"""Checks around GraphQL execution that validation cannot make.

`DocumentParser` parses (with a per-app cache) and refuses documents past `max_tokens` or
nested past the parser's recursion limit as QueryTooComplex, measured where they happen
rather than recognised afterwards from graphql-core's message.

`OperationGuard`, before any resolver runs: the caller's scope for the operation type, and
the limits again with the request's variables (`first: $n` is only known now) and with the
tenant's list lengths where they exceed the defaults (gateway.web.sizes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache

from graphql import DocumentNode, FieldNode, OperationDefinitionNode, OperationType, Source
from graphql.language import Lexer, TokenKind
from graphql.language.parser import Parser
from strawberry.extensions import SchemaExtension

from gateway.core.errors import QueryTooComplex
from gateway.core.scopes import require_scope
from gateway.core.settings import Settings
from gateway.web.cost import measure_operation
from gateway.web.sizes import LIST_SIZES, tenant_sizes
from loaders.listsizes import list_sizes

NESTED_TOO_DEEPLY = "Document is nested too deeply. Parsing aborted."


def _tokens_past(source: Source, limit: int) -> bool:
    """Whether `source` has more than `limit` tokens (lexing stops there). A lexing error
    stops the count: the parser reports it."""
    lexer, count = Lexer(source), 0
    try:
        while lexer.advance().kind != TokenKind.EOF:
            count += 1
            if count > limit:
                return True
    except Exception:  # a syntax error: let the parser say where
        return False
    return False


def document_parser(max_tokens: int, cache_size: int = 256) -> Callable[[str], DocumentNode]:
    """A parse function with the token and nesting limits, memoised per query text."""

    @lru_cache(maxsize=cache_size)
    def parse(query: str) -> DocumentNode:
        source = Source(query)
        if _tokens_past(source, max_tokens):
            raise QueryTooComplex(
                f"The document has more than {max_tokens} tokens.", maxTokens=max_tokens
            )
        parser = Parser(source, max_tokens=max_tokens)
        try:
            document: DocumentNode = parser.parse_document()
            return document
        except RecursionError:
            pass  # leave the handler first: the error must not keep the deep frames alive
        raise QueryTooComplex(NESTED_TOO_DEEPLY)

    return parse


class DocumentParser(SchemaExtension):
    def __init__(self, parse: Callable[[str], DocumentNode]) -> None:
        self.parse = parse

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.graphql_document is None and ec.query:
            ec.graphql_document = self.parse(ec.query)
        yield


#: mutation root fields that need a scope other than `write`
MUTATION_SCOPES = {"passthrough": "passthrough"}


def scopes_needed(op: OperationDefinitionNode) -> set[str]:
    """Scopes a mutation needs: per root field (`passthrough` needs `passthrough`, every other
    mutation `write`); anything not a plain field (a fragment) needs `write` to be safe."""
    needed: set[str] = set()
    for selection in op.selection_set.selections:
        if isinstance(selection, FieldNode):
            needed.add(MUTATION_SCOPES.get(selection.name.value, "write"))
        else:
            needed.add("write")
    return needed or {"write"}


class OperationGuard(SchemaExtension):
    """Scope and variable-dependent limits, before execution."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        scopes: frozenset[str] = getattr(ec.context, "scopes", frozenset())
        mutation = ec.operation_type.value == OperationType.MUTATION.value
        document = ec.graphql_document
        assert document is not None
        ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        op = next((o for o in ops if o.name and o.name.value == ec.operation_name), ops[0])
        for needed in sorted(scopes_needed(op) if mutation else {"read"}):
            require_scope(scopes, needed)
        sizes = _tenant_sizes(ec.context)
        if op.variable_definitions or sizes is not None:
            _, problems = measure_operation(
                ec.schema._schema, document, op, self.settings, ec.variables or {},
                sizes or LIST_SIZES,
            )  # fmt: skip
            if problems:
                raise problems[0]
        yield


def _tenant_sizes(context: object) -> Mapping[str, int] | None:
    """The list sizes to measure with when the tenant's snapshots show longer lists than
    the defaults (None: the defaults, already applied at validation)."""
    data, services = getattr(context, "data", None), getattr(context, "services", None)
    if data is None or services is None:
        return None
    return tenant_sizes(list_sizes(services.cache.memo, data.tenant))
