package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.sql.ResultRow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ClickHouse's TSV answer with a header row, read by column name. */
class NamedTsvTest {

    @Test
    void fields_are_found_by_the_header_unescaped_and_null_where_the_answer_says_so() {
        List<ResultRow> rows = NamedTsv.rows("d0\tevents\trevenue\na\\tb\t3\t1.500000\n\\N\t0\t0.000000\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).text("d0")).isEqualTo("a\tb");
        assertThat(rows.get(0).whole("events")).isEqualTo(3);
        assertThat(rows.get(0).decimal("revenue")).isEqualByComparingTo(new BigDecimal("1.5"));
        assertThat(rows.get(1).text("d0")).isNull();
    }

    @Test
    void a_header_alone_or_nothing_is_no_row() {
        assertThat(NamedTsv.rows("d0\tevents\n")).isEmpty();
        assertThat(NamedTsv.rows("")).isEmpty();
    }

    @Test
    void a_column_the_answer_lacks_is_a_fault_not_a_null() {
        ResultRow row = NamedTsv.rows("events\n1\n").getFirst();
        assertThatThrownBy(() -> row.text("visitors")).isInstanceOf(IllegalArgumentException.class);
    }
}
