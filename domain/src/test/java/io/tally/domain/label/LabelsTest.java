package io.tally.domain.label;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsTest {

    enum Shade implements Labelled {
        LIGHT_BLUE, DARK_RED
    }

    enum Size implements Labelled {
        SMALL, LARGE;

        @Override
        public String label() {
            return this == SMALL ? "s" : "l";
        }
    }

    enum Clash implements Labelled {
        ONE, TWO;

        @Override
        public String label() {
            return "same";
        }
    }

    @Test
    void a_label_is_the_constant_name_in_lower_case_unless_the_enum_says_otherwise() {
        assertThat(Shade.LIGHT_BLUE.label()).isEqualTo("light_blue");
        assertThat(Size.LARGE.label()).isEqualTo("l");
    }

    @Test
    void a_constant_is_found_by_its_label_only() {
        assertThat(Labels.find(Shade.class, "dark_red")).contains(Shade.DARK_RED);
        assertThat(Labels.find(Size.class, "s")).contains(Size.SMALL);
        assertThat(Labels.find(Size.class, "small")).isEmpty();
        assertThat(Labels.find(Shade.class, "DARK_RED")).isEmpty();
        assertThat(Labels.find(Shade.class, "")).isEmpty();
        assertThat(Labels.find(Shade.class, null)).isEmpty();
    }

    @Test
    void labels_are_listed_in_declaration_order() {
        assertThat(Labels.list(Shade.class)).isEqualTo("light_blue, dark_red");
        assertThat(Labels.list(Size.class)).isEqualTo("s, l");
    }

    @Test
    void two_constants_with_one_label_are_refused() {
        assertThatThrownBy(() -> Labels.find(Clash.class, "same"))
                .isInstanceOf(IllegalStateException.class).hasMessage("Clash has two constants labelled same");
    }
}
