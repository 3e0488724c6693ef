package io.tally.architecture;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The direction of every import, as ArchUnit rules. */
final class TallyRules {

    private TallyRules() {
    }

    static final ArchRule DOMAIN_DEPENDS_ON_THE_JDK_ONLY = classes()
            .that().resideInAPackage("io.tally.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.tally.domain..", "com.google.re2j..",
                    "org.apache.datasketches..")
            .as("domain depends on the JDK only (and RE2/J through FilterPattern, DataSketches through VisitorSketch)");

    /**
     * RE2/J is the one library the domain may use: it is what {@code matches} means (RE2, as DuckDB and ClickHouse
     * run it) and pure Java; one class holds it, so the rest of the domain stays on the JDK.
     */
    static final ArchRule ONLY_FILTER_PATTERN_USES_RE2J = noClasses()
            .that().doNotHaveFullyQualifiedName("io.tally.domain.query.FilterPattern")
            .should().dependOnClassesThat().resideInAPackage("com.google.re2j..")
            .as("only FilterPattern uses RE2/J");

    /**
     * Apache DataSketches is the other: what an approximate visitor count is (a Theta sketch of the users' id hashes),
     * so the reference and both stores estimate alike; pure Java without dependencies, and held by one class.
     */
    static final ArchRule ONLY_VISITOR_SKETCH_USES_DATASKETCHES = noClasses()
            .that().doNotHaveFullyQualifiedName("io.tally.domain.query.VisitorSketch")
            .should().dependOnClassesThat().resideInAPackage("org.apache.datasketches..")
            .as("only VisitorSketch uses DataSketches");

    static final ArchRule EVENTS_ARE_NEVER_MATCHED_WITH_JAVA_REGEX = noClasses()
            .that().resideInAnyPackage("io.tally.domain.live..", "io.tally.adapter.out.memory..", "io.tally.domain.funnel..",
                    "io.tally.domain.retention..", "io.tally.domain.path..")
            .or().haveFullyQualifiedName("io.tally.domain.query.EventDimensions")
            .or().haveFullyQualifiedName("io.tally.domain.query.EventMatcher")
            .or().haveFullyQualifiedName("io.tally.domain.query.Reports")
            .or().haveFullyQualifiedName("io.tally.domain.query.ResolvedCohort")
            .or().haveFullyQualifiedName("io.tally.application.service.LiveHub")
            .should().dependOnClassesThat().resideInAPackage("java.util.regex..")
            .as("events are filtered with FilterPattern (RE2/J, linear time), never with java.util.regex (backtracking)");

    static final ArchRule APPLICATION_DEPENDS_ON_DOMAIN_ONLY = classes()
            .that().resideInAPackage("io.tally.application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.tally.domain..", "io.tally.application..")
            .as("application depends on the domain and the JDK only");

    static final ArchRule NO_FRAMEWORK_IN_THE_CORE = noClasses()
            .that().resideInAnyPackage("io.tally.domain..", "io.tally.application..")
            .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "java.sql..", "javax.sql..",
                    "com.fasterxml.jackson..", "org.apache.kafka..", "org.redisson..", "org.duckdb..", "com.clickhouse..")
            .as("no Helidon, JDBC, Jackson, Kafka, Redisson or store driver type in domain or application");

    /** The one library package adapters share: the SQL compiler the two SQL stores write their statements with. */
    static final String SQL_COMPILER = "io.tally.adapter.out.sql..";

    /**
     * No adapter imports another, except that the two SQL stores (DuckDB, ClickHouse) import the shared SQL compiler:
     * one compiler over a dialect per engine, rather than two hand-written twins (issue 20). It is a library, not an
     * adapter of any port, and nothing else may import it.
     */
    static final ArchRule ADAPTERS_DO_NOT_IMPORT_EACH_OTHER = slices()
            .matching("io.tally.adapter.(*).(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAnyPackage("io.tally.adapter.out.duckdb..", "io.tally.adapter.out.clickhouse.."),
                    resideInAPackage(SQL_COMPILER))
            .as("no adapter imports another adapter (the SQL stores may import the shared SQL compiler)");

    /** The compiler speaks the domain's query model and plain SQL text: no store driver, no framework, no port. */
    static final ArchRule SQL_COMPILER_DEPENDS_ON_THE_DOMAIN_ONLY = classes()
            .that().resideInAPackage(SQL_COMPILER)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.tally.domain..", SQL_COMPILER)
            .as("the SQL compiler depends on the domain and the JDK only");

    static final ArchRule ONLY_BOOTSTRAP_IMPORTS_ADAPTERS = noClasses()
            .that().resideOutsideOfPackages("io.tally.adapter..", "io.tally.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("io.tally.adapter..")
            .as("only bootstrap imports adapters");

    /** A package of the domain can be read without the packages that read it (ResolvedCohort, KPIs and metrics live in query). */
    static final ArchRule DOMAIN_PACKAGES_ARE_FREE_OF_CYCLES = slices()
            .matching("io.tally.domain.(**)")
            .should().beFreeOfCycles()
            .as("the domain's packages are free of cycles");

    /**
     * The application's packages are layered: {@code port.in} (and its {@code shape}) needs only the domain,
     * {@code port.out} may speak in port.in's values ({@code ReportSection}, the store fault), services and
     * {@code live} use both. So an out-port type never leaks into a use case, nor a use case into a shape.
     */
    static final ArchRule APPLICATION_PACKAGES_ARE_FREE_OF_CYCLES = slices()
            .matching("io.tally.application.(**)")
            .should().beFreeOfCycles()
            .as("the application's packages are free of cycles");

    /** The inbound contract is port.in and the domain alone: what an inbound adapter may see is all it can reach. */
    static final ArchRule PORT_IN_DEPENDS_ONLY_ON_THE_DOMAIN = classes()
            .that().resideInAPackage("io.tally.application.port.in..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.tally.domain..", "io.tally.application.port.in..")
            .as("port.in depends on the domain and the JDK only (never on port.out or a service)");

    /**
     * An inbound adapter translates its protocol into use-case calls: it sees the use cases and their values
     * ({@code port.in}), the domain, the JDK and its own framework and libraries, never an out-port, a service or
     * another package of the application.
     */
    static final ArchRule INBOUND_ADAPTERS_DEPEND_ONLY_ON_PORT_IN_AND_THE_DOMAIN = classes()
            .that().resideInAPackage("io.tally.adapter.in..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.tally.adapter.in..",
                    "io.tally.application.port.in..", "io.tally.domain..",
                    "io.helidon..", "com.fasterxml.jackson..", "graphql..", "org.reactivestreams..", "org.apache.kafka..")
            .as("inbound adapters depend only on port.in, the domain, the JDK and their own frameworks");
}
