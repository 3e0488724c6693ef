package io.tally.bootstrap;

import java.util.List;

/** A configuration Tally refuses to start with: every unknown key and every value it cannot take, each named. */
final class ConfigurationException extends IllegalArgumentException {

    private final List<String> problems;

    ConfigurationException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
