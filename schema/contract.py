"""Compare the exported schema with the public contract (`contract/schema.graphql`).

Every type, field, argument, enum value and input field of the contract must exist with a
compatible type: the same type, or (output fields only) a nullable contract type made non-null.
"""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
)
from graphql.type.definition import GraphQLType


def _compatible_output(contract: GraphQLType, ours: GraphQLType) -> bool:
    if str(contract) == str(ours):
        return True
    if not isinstance(contract, GraphQLNonNull) and isinstance(ours, GraphQLNonNull):
        return str(contract) == str(ours.of_type)
    return False


def contract_problems(contract_sdl: str, exported_sdl: str) -> list[str]:
    """Human-readable differences; empty when the exported schema honours the contract."""
    contract: GraphQLSchema = build_schema(contract_sdl)
    ours: GraphQLSchema = build_schema(exported_sdl)
    problems: list[str] = []
    for name, ctype in contract.type_map.items():
        if name.startswith("__"):
            continue
        otype = ours.type_map.get(name)
        if otype is None:
            problems.append(f"missing type {name}")
            continue
        if type(otype) is not type(ctype):
            problems.append(
                f"{name} is a {type(otype).__name__}, contract says {type(ctype).__name__}"
            )
            continue
        if isinstance(ctype, GraphQLEnumType):
            assert isinstance(otype, GraphQLEnumType)
            problems += [
                f"missing enum value {name}.{v}" for v in ctype.values if v not in otype.values
            ]
        elif isinstance(ctype, GraphQLInputObjectType):
            assert isinstance(otype, GraphQLInputObjectType)
            for fname, field in ctype.fields.items():
                mine = otype.fields.get(fname)
                if mine is None:
                    problems.append(f"missing input field {name}.{fname}")
                elif str(mine.type) != str(field.type):
                    problems.append(f"{name}.{fname}: {mine.type} != contract {field.type}")
        elif isinstance(ctype, GraphQLObjectType | GraphQLInterfaceType):
            assert isinstance(otype, GraphQLObjectType | GraphQLInterfaceType)
            for iface in ctype.interfaces:
                if iface.name not in {i.name for i in otype.interfaces}:
                    problems.append(f"{name} does not implement {iface.name}")
            for fname, field in ctype.fields.items():
                mine_field = otype.fields.get(fname)
                if mine_field is None:
                    problems.append(f"missing field {name}.{fname}")
                    continue
                if not _compatible_output(field.type, mine_field.type):
                    problems.append(f"{name}.{fname}: {mine_field.type} != contract {field.type}")
                for aname, arg in field.args.items():
                    mine_arg = mine_field.args.get(aname)
                    if mine_arg is None:
                        problems.append(f"missing argument {name}.{fname}({aname})")
                    elif str(mine_arg.type) != str(arg.type):
                        problems.append(
                            f"{name}.{fname}({aname}): {mine_arg.type} != contract {arg.type}"
                        )
        elif isinstance(ctype, GraphQLUnionType):
            assert isinstance(otype, GraphQLUnionType)
            mine_types = {t.name for t in otype.types}
            problems += [
                f"{name} lacks member {t.name}" for t in ctype.types if t.name not in mine_types
            ]
    return problems
