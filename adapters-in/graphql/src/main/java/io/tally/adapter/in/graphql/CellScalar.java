package io.tally.adapter.in.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

import java.util.Locale;

/** {@code Cell}: a string, number, boolean or null, passed through as is (table cells out, filter values in). */
final class CellScalar {

    private CellScalar() {
    }

    static final GraphQLScalarType CELL = GraphQLScalarType.newScalar()
            .name("Cell")
            .description("One cell of a chart-ready table, or a filter value: a string, a number, a boolean or null.")
            .coercing(new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                        return value;
                    }
                    throw new CoercingSerializeException("a cell is a string, a number or a boolean");
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof String || input instanceof Number || input instanceof Boolean) {
                        return input;
                    }
                    throw new CoercingParseValueException("a value is a string, a number or a boolean");
                }

                @Override
                public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    return switch (input) {
                        case StringValue s -> s.getValue();
                        case IntValue i -> i.getValue();
                        case FloatValue f -> f.getValue();
                        case BooleanValue b -> b.isValue();
                        case NullValue n -> null;
                        default -> throw new CoercingParseLiteralException("a value is a string, a number or a boolean");
                    };
                }
            })
            .build();
}
