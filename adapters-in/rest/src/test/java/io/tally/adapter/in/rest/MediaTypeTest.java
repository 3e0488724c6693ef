package io.tally.adapter.in.rest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypeTest {

    @Test
    void type_subtype_and_parameter_names_are_compared_without_case_and_values_unquoted() {
        assertThat(MediaType.parse("APPLICATION/JSON; Charset=\"UTF-8\"")).contains(
                new MediaType("application/json", Map.of("charset", "UTF-8")));
        assertThat(MediaType.parse(" application/x-ndjson ;charset=utf8; ; q=1")).contains(
                new MediaType("application/x-ndjson", Map.of("charset", "utf8", "q", "1")));
    }

    @Test
    void json_is_application_json_or_a_json_suffix_and_only_utf8() {
        assertThat(MediaType.parse("application/vnd.tally+json").orElseThrow().isJson()).isTrue();
        assertThat(MediaType.parse("text/json").orElseThrow().isJson()).isFalse();
        assertThat(MediaType.parse("application/json").orElseThrow().isUtf8()).isTrue();
        assertThat(MediaType.parse("application/json; charset=UTF8").orElseThrow().isUtf8()).isTrue();
        assertThat(MediaType.parse("application/json; charset=iso-8859-1").orElseThrow().isUtf8()).isFalse();
    }

    @Test
    void text_that_is_not_a_media_type_is_refused() {
        for (String header : List.of("", "json", "application/", "/json", "application/json/x", "application /json",
                "application/json; charset")) {
            assertThat(MediaType.parse(header)).as(header).isEmpty();
        }
    }
}
