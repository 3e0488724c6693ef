package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The column names of a JSONEachRow row, whatever its values hold. */
class JsonRowNamesTest {

    @Test
    void the_names_are_the_top_level_keys_in_order() {
        assertThat(JsonRowNames.of("{\"d0\":\"FR\",\"g\":0,\"totals\":1,\"revenue\":12.500000}\n"))
                .containsExactly("d0", "g", "totals", "revenue");
    }

    @Test
    void values_holding_quotes_colons_and_braces_or_nesting_name_nothing() {
        assertThat(JsonRowNames.of("{\"d0\":\"a\\\",\\\"x\\\":{\",\"k\":[\"b\",{\"c\":1}],\"m\":{\"n\":null},\"users\":\"3\"}"))
                .containsExactly("d0", "k", "m", "users");
    }
}
