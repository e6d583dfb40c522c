"""The cost walker: depth, aliases and cost of one operation, in linear time.

Depth and aliases are not Strawberry's QueryDepthLimiter/MaxAliasesLimiter: those re-walk a
fragment at every spread, so a 550-byte document of fragments spreading fragments took 12.7 s
(depth) and 3.8 s (aliases) of CPU. The walker below memoises each fragment: linear time.

Cost: every field counts 1; a list multiplies what is selected below it by its expected
length. A connection's `edges` count `first` (the argument's default, else `default_first`,
when absent), but never more than the field's expected length when it has one
(`LIST_SIZES`: a tag is on a few candidates, not on `first: 50`); a plain list counts its
expected length, else `assumed_list_size`. `LIST_SIZES` holds small documented defaults; the
guard (gateway.web.guard) raises them to what the tenant's current snapshots show where that
is more (loaders.listsizes). Introspection costs nothing. `first` outside 0..max_first is
PLATFORM_INPUT_INVALID; the other limits PLATFORM_QUERY_TOO_COMPLEX.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.type import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from gateway.core.errors import GatewayError, InputInvalid, QueryTooComplex
from gateway.core.settings import Settings
from gateway.web.sizes import LIST_SIZES

#: costs saturate here (exact enough to refuse, and safe in JSON and JavaScript)
COST_CAP = 2**53 - 1
_META_FIELDS = {f: d for f, d in (("__schema", SchemaMetaFieldDef), ("__type", TypeMetaFieldDef))}


@dataclass(frozen=True, slots=True)
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0

    def __add__(self, other: Measure) -> Measure:
        cost = min(self.cost + other.cost, COST_CAP)
        return Measure(max(self.depth, other.depth), self.aliases + other.aliases, cost)


class _Walker:
    """Measures one operation; fragments are measured once per (name, list hint)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        settings: Settings,
        variables: dict[str, Any] | None,
        sizes: Mapping[str, int],
    ) -> None:
        self.schema = schema
        self.settings = settings
        self.sizes = sizes
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.memo: dict[tuple[str, int | None, bool], Measure] = {}
        self.visiting: set[str] = set()
        self.violations: list[GatewayError] = []
        self.defaults: dict[str, Any] = {}
        #: a `first` came from a variable whose value is not known yet (validation time)
        self.unknown_first = False

    def operation(self, op: OperationDefinitionNode) -> Measure:
        root = self.schema.get_root_type(op.operation)
        self.memo.clear()
        self.defaults = {
            v.variable.name.value: v.default_value.value
            for v in op.variable_definitions or ()
            if isinstance(v.default_value, IntValueNode)
        }
        if root is None:
            return Measure()
        return self.selections(op.selection_set, root, None, False)

    def selections(
        self, sel: SelectionSetNode, parent: Any, hint: int | None, intro: bool
    ) -> Measure:
        total = Measure()
        for node in sel.selections:
            if isinstance(node, FieldNode):
                total += self.field(node, parent, hint, intro)
            elif isinstance(node, InlineFragmentNode):
                cond = node.type_condition
                target = self.schema.get_type(cond.name.value) if cond else parent
                total += self.selections(node.selection_set, target or parent, hint, intro)
            elif isinstance(node, FragmentSpreadNode):
                total += self.spread(node.name.value, hint, intro)
        return total

    def spread(self, name: str, hint: int | None, intro: bool) -> Measure:
        key = (name, hint, intro)
        if key in self.memo:
            return self.memo[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.visiting:  # unknown or cyclic: validation reports it
            return Measure()
        self.visiting.add(name)
        target = self.schema.get_type(fragment.type_condition.name.value)
        measure = (
            self.selections(fragment.selection_set, target, hint, intro) if target else Measure()
        )
        self.visiting.discard(name)
        self.memo[key] = measure
        return measure

    def field(self, node: FieldNode, parent: Any, hint: int | None, intro: bool) -> Measure:
        name = node.name.value
        alias = 1 if node.alias else 0
        definition = _field_definition(parent, name)
        if definition is None or node.selection_set is None:
            return Measure(aliases=alias, cost=0 if intro else 1)
        of_type = definition.type
        if isinstance(of_type, GraphQLNonNull):
            of_type = of_type.of_type
        is_list = isinstance(of_type, GraphQLList)
        named = get_named_type(of_type)
        if intro or name in _META_FIELDS:
            inner = self.selections(node.selection_set, named, None, True)
            return Measure(0, alias + inner.aliases, 0 if intro else 1)
        first = self.first(node, definition)
        expected = self.sizes.get(f"{getattr(parent, 'name', '')}.{name}")
        if first is not None and expected is not None:
            first = min(first, expected)
        size: int | None = 1
        if is_list:
            size = first if first is not None else hint
        if size is None:
            size = self.settings.assumed_list_size if expected is None else expected
        inner = self.selections(node.selection_set, named, None if is_list else first, False)
        cost = min(1 + size * inner.cost, COST_CAP)
        return Measure(1 + inner.depth, alias + inner.aliases, cost)

    def first(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """The `first` this field will page with (None for fields without the argument)."""
        argument = definition.args.get("first")
        if argument is None:
            return None
        value: Any = None
        given = next((a.value for a in node.arguments or () if a.name.value == "first"), None)
        if isinstance(given, IntValueNode):
            value = int(given.value)
        elif isinstance(given, VariableNode):
            var = given.name.value
            if self.variables is not None and self.variables.get(var) is not None:
                value = self.variables[var]
            elif var in self.defaults:
                value = int(self.defaults[var])
            elif self.variables is None:
                self.unknown_first = True
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # graphql-core coerces 250.0 to 250 for execution too
        if not isinstance(value, int) or isinstance(value, bool):
            default = argument.default_value
            return default if isinstance(default, int) else self.settings.default_first
        limit = self.settings.max_first
        if not 0 <= value <= limit:
            self.violations.append(
                InputInvalid(
                    f"`first` must be between 0 and {limit} (got {value}).", maxFirst=limit
                )
            )
        return min(max(value, 0), limit)


def _field_definition(parent: Any, name: str) -> GraphQLField | None:
    if name in _META_FIELDS:
        return _META_FIELDS[name]
    if name == "__typename":
        return TypeNameMetaFieldDef
    fields = getattr(parent, "fields", None)
    return fields.get(name) if fields else None


def measure_operation(
    schema: GraphQLSchema,
    document: DocumentNode,
    op: OperationDefinitionNode,
    settings: Settings,
    variables: dict[str, Any] | None = None,
    sizes: Mapping[str, int] = LIST_SIZES,
) -> tuple[Measure, list[GatewayError]]:
    """Measure one operation; the errors list the limits it breaks."""
    walker = _Walker(schema, document, settings, variables, sizes)
    try:
        measure = walker.operation(op)
    except RecursionError:
        return Measure(), [QueryTooComplex("The operation is nested too deeply.")]
    s = settings
    problems = list(walker.violations)
    if measure.depth > s.max_depth:
        problems.append(QueryTooComplex(
            f"The operation is nested {measure.depth} levels deep; the limit is {s.max_depth}.",
            depth=measure.depth, maxDepth=s.max_depth,
        ))  # fmt: skip
    if measure.aliases > s.max_aliases:
        problems.append(QueryTooComplex(
            f"The operation uses {measure.aliases} aliases; the limit is {s.max_aliases}.",
            aliases=measure.aliases, maxAliases=s.max_aliases,
        ))  # fmt: skip
    if measure.cost > s.max_cost and not walker.unknown_first:
        problems.append(QueryTooComplex(
            f"The operation's estimated cost is {measure.cost}; the limit is {s.max_cost}. "
            "Ask for fewer items with `first`, select fewer nested lists, or split the query.",
            cost=measure.cost, maxCost=s.max_cost,
        ))  # fmt: skip
    return measure, problems
