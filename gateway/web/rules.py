"""Document limits as graphql-core validation rules, so the ValidationCache remembers their
verdict per query text:

    depth      > max_depth        PLATFORM_QUERY_TOO_COMPLEX
    aliases    > max_aliases      PLATFORM_QUERY_TOO_COMPLEX
    cost       > max_cost         PLATFORM_QUERY_TOO_COMPLEX
    first      > max_first        PLATFORM_INPUT_INVALID
    circular introspection        PLATFORM_QUERY_TOO_COMPLEX (graphql-core's own rule)

Each rule reports its error with the tree's error as `original_error`, so the HTTP layer
knows the code from where the error came from (gateway.web.errors.classify).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    ASTValidationRule,
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    ValidationContext,
    ValidationRule,
    specified_rules,
)
from graphql.validation import ASTValidationContext, MaxIntrospectionDepthRule
from strawberry.extensions import SchemaExtension

from gateway.core.errors import GatewayError, QueryTooComplex
from gateway.core.settings import Settings
from gateway.web.cost import measure_operation


def _report(context: ASTValidationContext, error: GatewayError, nodes: object = None) -> None:
    context.report_error(
        GraphQLError(error.message, nodes, extensions=error.as_extensions(), original_error=error)  # type: ignore[arg-type]
    )


def limits_rule(settings: Settings) -> type[ASTValidationRule]:
    """A validation rule class checking every operation of the document against the limits."""

    class OperationLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            for op in context.document.definitions:
                if isinstance(op, OperationDefinitionNode):
                    _, problems = measure_operation(context.schema, context.document, op, settings)
                    for problem in problems:
                        _report(context, problem)

    return OperationLimits


class IntrospectionDepth(MaxIntrospectionDepthRule):
    """graphql-core's guard against circular introspection, reporting QueryTooComplex."""

    def report_error(self, error: GraphQLError) -> None:
        _report(self.context, QueryTooComplex(error.message), error.nodes)


def validation_rules(settings: Settings) -> tuple[type[ASTValidationRule], ...]:
    """Built once per app: stable rules keep the ValidationCache effective."""
    swap: dict[type[ASTValidationRule], type[ASTValidationRule]] = {
        MaxIntrospectionDepthRule: IntrospectionDepth
    }
    rules = [swap.get(rule, rule) for rule in specified_rules]
    rules.append(limits_rule(settings))
    if not settings.introspection_enabled:
        rules.append(NoSchemaIntrospectionCustomRule)
    return tuple(rules)


class ValidationRules(SchemaExtension):
    """Sets the operation's rules: graphql-core's (with `IntrospectionDepth`) and ours."""

    def __init__(self, rules: tuple[type[ASTValidationRule], ...]) -> None:
        self.rules = rules

    def on_operation(self) -> Iterator[None]:
        self.execution_context.validation_rules = self.rules
        yield
