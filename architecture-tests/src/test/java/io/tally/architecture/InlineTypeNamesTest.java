package io.tally.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Types are imported, not spelled out inline: a reader sees every dependency of a class at its top (the formatter
 * orders the imports; it cannot see inline names). A full name stays only where the simple name would clash.
 */
class InlineTypeNamesTest {

    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|io|com|org|jdk|sun|graphql|net)\\.(?:[a-z_]\\w*\\.)+)([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("^import (?!static)([\\w.]+)\\.([A-Z]\\w*);", Pattern.MULTILINE);
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");

    @Test
    void no_source_file_names_a_type_by_its_package_where_an_import_would_do() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(InlineTypeNamesTest::isSource).toList()) {
                inlineNames(Files.readString(file), siblings(file))
                        .forEach(line -> found.add(root.relativize(file) + ": " + line));
            }
        }
        assertThat(found).as("inline fully-qualified type names (import them)").isEmpty();
    }

    /** (Text blocks are spared too: the whole-tree check reads this file, whose fixture is one.) */
    @Test
    void the_check_finds_an_inline_name_and_spares_a_clash_a_comment_and_a_string() {
        String source = """
                package io.tally.example;

                import java.util.List;

                /** Uses java.util.Set in a comment only. */
                final class Example {
                    java.util.Map<String, String> names = new java.util.HashMap<>();
                    java.awt.List widgets;
                    String text = "java.util.Optional";
                }
                """;
        assertThat(inlineNames(source, Set.of()))
                .containsExactly("java.util.Map<String, String> names = new java.util.HashMap<>();");
    }

    private static boolean isSource(Path file) {
        String path = file.toString();
        return path.endsWith(".java") && (path.contains("/src/main/java/") || path.contains("/src/test/java/"))
                && !path.contains("/target/") && !path.contains("/.git/");
    }

    private static Set<String> siblings(Path file) throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            Set<String> names = new HashSet<>();
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 5)));
            return names;
        }
    }

    /** The code lines that spell out a type whose simple name is free to import. */
    static List<String> inlineNames(String source, Set<String> samePackage) {
        Matcher packageLine = PACKAGE.matcher(source);
        String ownPackage = packageLine.find() ? packageLine.group(1) : "";
        Map<String, String> imported = new HashMap<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            imported.put(imports.group(2), imports.group(1));
        }
        Set<String> declared = new HashSet<>();
        Matcher declarations = DECLARED.matcher(source);
        while (declarations.find()) {
            declared.add(declarations.group(1));
        }
        Map<String, Set<String>> packagesBySimpleName = new HashMap<>();
        List<String[]> hits = new ArrayList<>();
        boolean inComment = false;
        boolean inTextBlock = false;
        for (String line : source.split("\n")) {
            String trimmed = line.strip();
            if (inTextBlock || line.contains("\"\"\"")) {
                // a text block's lines are text, not code; its closing line ends it
                inTextBlock = inTextBlock != (line.split("\"\"\"", -1).length % 2 == 0);
                continue;
            }
            if (inComment) {
                inComment = !trimmed.contains("*/");
                continue;
            }
            if (trimmed.startsWith("/*")) {
                inComment = !trimmed.contains("*/");
                continue;
            }
            if (trimmed.startsWith("import ") || trimmed.startsWith("package ") || trimmed.startsWith("//")
                    || trimmed.startsWith("*")) {
                continue;
            }
            String code = STRING.matcher(line).replaceAll("\"\"");
            int comment = code.indexOf("//");
            Matcher qualified = QUALIFIED.matcher(comment < 0 ? code : code.substring(0, comment));
            while (qualified.find()) {
                String pkg = qualified.group(1).substring(0, qualified.group(1).length() - 1);
                packagesBySimpleName.computeIfAbsent(qualified.group(2), k -> new HashSet<>()).add(pkg);
                hits.add(new String[] {qualified.group(2), pkg, trimmed});
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] hit : hits) {
            String name = hit[0];
            String pkg = hit[1];
            boolean clashes = packagesBySimpleName.get(name).size() > 1
                    || (imported.containsKey(name) && !imported.get(name).equals(pkg))
                    || declared.contains(name)
                    || (samePackage.contains(name) && !pkg.equals(ownPackage));
            if (!clashes && !lines.contains(hit[2])) {
                lines.add(hit[2]);
            }
        }
        return lines;
    }
}
