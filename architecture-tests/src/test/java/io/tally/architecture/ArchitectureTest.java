package io.tally.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.tally.adapter.in.graphql.fixture.GraphQlAdapterUsingAnOutPort;
import io.tally.adapter.in.rest.fixture.RestAdapterUsingAService;
import io.tally.adapter.in.rest.fixture.RestAdapterUsingDuckDb;
import io.tally.adapter.in.rest.fixture.RestAdapterUsingTheSqlCompiler;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.adapter.out.sql.SqlCompiler;
import io.tally.adapter.out.sql.fixture.SqlCompilerUsingAnOutPort;
import io.tally.application.fixture.ApplicationUsingAnAdapter;
import io.tally.application.fixture.ApplicationUsingJackson;
import io.tally.application.port.in.fixture.UseCaseReturningAnOutPortType;
import io.tally.domain.fixture.DomainUsingDataSketches;
import io.tally.domain.fixture.DomainUsingJdbc;
import io.tally.domain.fixture.DomainUsingRe2j;
import io.tally.domain.fixture.DomainUsingTheApplication;
import io.tally.domain.live.fixture.LiveUsingJavaRegex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rule holds on the production classes, and fails on a small class written to break it. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProduction() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tally");
        assertThat(production.stream().map(c -> c.getPackageName()).distinct())
                .as("the production classes of every module are imported")
                .contains("io.tally.domain.event", "io.tally.application.service", "io.tally.adapter.in.rest",
                        "io.tally.adapter.out.duckdb", "io.tally.adapter.out.memory", "io.tally.adapter.out.clickhouse",
                        "io.tally.adapter.out.sql",
                        "io.tally.adapter.out.enrichment", "io.tally.adapter.out.kafka", "io.tally.adapter.in.kafka",
                        "io.tally.adapter.in.graphql", "io.tally.adapter.in.websocket", "io.tally.domain.live",
                        "io.tally.adapter.out.documents", "io.tally.adapter.out.delivery", "io.tally.domain.alert",
                        "io.tally.domain.dashboard", "io.tally.domain.schedule",
                        "io.tally.bootstrap");
    }

    private static JavaClasses fixture(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    private static void assertViolated(ArchRule rule, Class<?> violator) {
        assertThatThrownBy(() -> rule.check(fixture(violator)))
                .as(rule.getDescription() + " must fail on " + violator.getSimpleName())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(violator.getSimpleName());
    }

    @Test
    void domain_depends_on_the_jdk_only() {
        TallyRules.DOMAIN_DEPENDS_ON_THE_JDK_ONLY.check(production);
    }

    @Test
    void the_domain_rule_fails_on_a_domain_class_using_an_application_type() {
        assertViolated(TallyRules.DOMAIN_DEPENDS_ON_THE_JDK_ONLY, DomainUsingTheApplication.class);
    }

    @Test
    void only_filter_pattern_uses_re2j() {
        TallyRules.ONLY_FILTER_PATTERN_USES_RE2J.check(production);
    }

    @Test
    void the_re2j_rule_fails_on_another_domain_class_using_it() {
        assertViolated(TallyRules.ONLY_FILTER_PATTERN_USES_RE2J, DomainUsingRe2j.class);
    }

    @Test
    void only_visitor_sketch_uses_datasketches() {
        TallyRules.ONLY_VISITOR_SKETCH_USES_DATASKETCHES.check(production);
    }

    @Test
    void the_datasketches_rule_fails_on_another_domain_class_using_it() {
        assertViolated(TallyRules.ONLY_VISITOR_SKETCH_USES_DATASKETCHES, DomainUsingDataSketches.class);
    }

    @Test
    void events_are_never_matched_with_java_regex() {
        TallyRules.EVENTS_ARE_NEVER_MATCHED_WITH_JAVA_REGEX.check(production);
    }

    @Test
    void the_regex_rule_fails_on_a_live_class_using_java_regex() {
        assertViolated(TallyRules.EVENTS_ARE_NEVER_MATCHED_WITH_JAVA_REGEX, LiveUsingJavaRegex.class);
    }

    @Test
    void application_depends_on_domain_only() {
        TallyRules.APPLICATION_DEPENDS_ON_DOMAIN_ONLY.check(production);
    }

    @Test
    void the_application_rule_fails_on_an_application_class_using_an_adapter() {
        assertViolated(TallyRules.APPLICATION_DEPENDS_ON_DOMAIN_ONLY, ApplicationUsingAnAdapter.class);
    }

    @Test
    void no_framework_in_the_core() {
        TallyRules.NO_FRAMEWORK_IN_THE_CORE.check(production);
    }

    @Test
    void the_framework_rule_fails_on_jdbc_in_the_domain_and_jackson_in_the_application() {
        assertViolated(TallyRules.NO_FRAMEWORK_IN_THE_CORE, DomainUsingJdbc.class);
        assertViolated(TallyRules.NO_FRAMEWORK_IN_THE_CORE, ApplicationUsingJackson.class);
    }

    @Test
    void adapters_do_not_import_each_other() {
        TallyRules.ADAPTERS_DO_NOT_IMPORT_EACH_OTHER.check(production);
    }

    @Test
    void the_adapter_rule_fails_on_a_rest_class_using_the_duckdb_adapter() {
        assertThatThrownBy(() -> TallyRules.ADAPTERS_DO_NOT_IMPORT_EACH_OTHER.check(
                fixture(RestAdapterUsingDuckDb.class, DuckDbStores.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(RestAdapterUsingDuckDb.class.getSimpleName());
    }

    @Test
    void the_adapter_rule_still_fails_on_a_rest_class_using_the_sql_compiler() {
        assertThatThrownBy(() -> TallyRules.ADAPTERS_DO_NOT_IMPORT_EACH_OTHER.check(
                fixture(RestAdapterUsingTheSqlCompiler.class, SqlCompiler.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(RestAdapterUsingTheSqlCompiler.class.getSimpleName());
    }

    @Test
    void the_sql_compiler_depends_on_the_domain_only() {
        TallyRules.SQL_COMPILER_DEPENDS_ON_THE_DOMAIN_ONLY.check(production);
    }

    @Test
    void the_sql_compiler_rule_fails_on_a_compiler_class_using_an_out_port() {
        assertViolated(TallyRules.SQL_COMPILER_DEPENDS_ON_THE_DOMAIN_ONLY, SqlCompilerUsingAnOutPort.class);
    }

    @Test
    void only_bootstrap_imports_adapters() {
        TallyRules.ONLY_BOOTSTRAP_IMPORTS_ADAPTERS.check(production);
    }

    @Test
    void the_bootstrap_rule_fails_on_a_core_class_using_an_adapter() {
        assertViolated(TallyRules.ONLY_BOOTSTRAP_IMPORTS_ADAPTERS, ApplicationUsingAnAdapter.class);
    }

    @Test
    void the_domain_packages_are_free_of_cycles() {
        TallyRules.DOMAIN_PACKAGES_ARE_FREE_OF_CYCLES.check(production);
    }

    @Test
    void the_domain_cycle_rule_fails_on_two_packages_that_use_each_other() {
        assertThatThrownBy(() -> TallyRules.DOMAIN_PACKAGES_ARE_FREE_OF_CYCLES.check(fixture(
                io.tally.domain.fixture.cycle.one.PackageOne.class, io.tally.domain.fixture.cycle.two.PackageTwo.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void the_application_packages_are_free_of_cycles() {
        TallyRules.APPLICATION_PACKAGES_ARE_FREE_OF_CYCLES.check(production);
    }

    @Test
    void the_application_cycle_rule_fails_on_two_packages_that_use_each_other() {
        assertThatThrownBy(() -> TallyRules.APPLICATION_PACKAGES_ARE_FREE_OF_CYCLES.check(fixture(
                io.tally.application.fixture.cycle.one.PackageOne.class, io.tally.application.fixture.cycle.two.PackageTwo.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void port_in_depends_only_on_the_domain() {
        TallyRules.PORT_IN_DEPENDS_ONLY_ON_THE_DOMAIN.check(production);
    }

    @Test
    void the_port_in_rule_fails_on_a_use_case_returning_an_out_port_type() {
        assertViolated(TallyRules.PORT_IN_DEPENDS_ONLY_ON_THE_DOMAIN, UseCaseReturningAnOutPortType.class);
    }

    @Test
    void inbound_adapters_depend_only_on_port_in_and_the_domain() {
        TallyRules.INBOUND_ADAPTERS_DEPEND_ONLY_ON_PORT_IN_AND_THE_DOMAIN.check(production);
    }

    @Test
    void the_inbound_adapter_rule_fails_on_adapters_using_a_service_or_an_out_port() {
        assertViolated(TallyRules.INBOUND_ADAPTERS_DEPEND_ONLY_ON_PORT_IN_AND_THE_DOMAIN, RestAdapterUsingAService.class);
        assertViolated(TallyRules.INBOUND_ADAPTERS_DEPEND_ONLY_ON_PORT_IN_AND_THE_DOMAIN, GraphQlAdapterUsingAnOutPort.class);
    }
}
