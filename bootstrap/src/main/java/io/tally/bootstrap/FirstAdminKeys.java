package io.tally.bootstrap;

import io.tally.application.service.AccessService;
import io.tally.domain.access.ApiKey;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** At a project's first start, its first admin key: printed once on standard output, since only its hash is kept. */
final class FirstAdminKeys {

    private FirstAdminKeys() {
    }

    /** The admin keys made now, by project (none for a project that has started before). */
    static Map<String, String> issue(AccessService access, Set<String> projects, PrintStream out) {
        Map<String, String> issued = new LinkedHashMap<>();
        for (String project : projects) {
            access.firstAdminKey(project).map(ApiKey.Issued::text).ifPresent(key -> {
                issued.put(project, key);
                out.println("Tally: the admin key of project \"" + project + "\" (shown this once; keep it): " + key);
            });
        }
        return issued;
    }
}
