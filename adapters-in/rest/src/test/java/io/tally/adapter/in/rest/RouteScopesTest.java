package io.tally.adapter.in.rest;

import io.helidon.common.uri.UriPath;
import io.helidon.http.Method;
import io.tally.domain.access.KeyKind;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.tally.domain.access.KeyKind.Scope.ADMIN;
import static io.tally.domain.access.KeyKind.Scope.INGEST;
import static io.tally.domain.access.KeyKind.Scope.QUERY;
import static org.assertj.core.api.Assertions.assertThat;

/** The route table says which key scope each route needs: write keys send events, read keys ask, admin keys change. */
class RouteScopesTest {

    private final RouteTable routes = RestApi.scopedRoutes();

    private Optional<KeyKind.Scope> scope(Method method, String path) {
        return routes.scope(method, UriPath.create(path));
    }

    @Test
    void sending_events_needs_the_ingest_scope_and_exporting_them_the_query_scope() {
        assertThat(scope(Method.POST, "/v1/events")).contains(INGEST);
        assertThat(scope(Method.GET, "/v1/events/export")).contains(QUERY);
    }

    @Test
    void queries_and_reading_definitions_need_the_query_scope() {
        assertThat(scope(Method.POST, "/v1/query")).contains(QUERY);
        assertThat(scope(Method.POST, "/v1/stickiness")).contains(QUERY);
        assertThat(scope(Method.POST, "/v1/lifecycle")).contains(QUERY);
        assertThat(scope(Method.POST, "/v1/trends")).contains(QUERY);
        assertThat(scope(Method.POST, "/v1/conversions")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/goals")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/goals/signed_up")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/annotations")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/annotations/0123456789abcdef")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/timeseries")).contains(QUERY);
        assertThat(scope(Method.GET, "/analytics/custom-report")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/kpis/purchase_share")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/dashboards/main/answer")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/schedules/weekly/runs")).contains(QUERY);
        assertThat(scope(Method.GET, "/v1/alerts/spike/history")).contains(QUERY);
    }

    @Test
    void changing_definitions_keys_and_dead_letters_needs_the_admin_scope() {
        assertThat(scope(Method.POST, "/v1/kpis")).contains(ADMIN);
        assertThat(scope(Method.PUT, "/v1/cohorts/buyers")).contains(ADMIN);
        assertThat(scope(Method.POST, "/v1/goals")).contains(ADMIN);
        assertThat(scope(Method.PUT, "/v1/goals/signed_up")).contains(ADMIN);
        assertThat(scope(Method.DELETE, "/v1/goals/signed_up")).contains(ADMIN);
        assertThat(scope(Method.POST, "/v1/annotations")).contains(ADMIN);
        assertThat(scope(Method.PUT, "/v1/annotations/0123456789abcdef")).contains(ADMIN);
        assertThat(scope(Method.DELETE, "/v1/annotations/0123456789abcdef")).contains(ADMIN);
        assertThat(scope(Method.DELETE, "/v1/dashboards/main")).contains(ADMIN);
        assertThat(scope(Method.POST, "/v1/schedules/weekly/run")).contains(ADMIN);
        assertThat(scope(Method.GET, "/v1/keys")).contains(ADMIN);
        assertThat(scope(Method.POST, "/v1/keys/k1/rotate")).contains(ADMIN);
        assertThat(scope(Method.POST, "/v1/admin/dead-letters/replay")).contains(ADMIN);
    }

    @Test
    void a_request_no_route_takes_has_no_scope() {
        assertThat(scope(Method.GET, "/v1/nowhere")).isEmpty();
        assertThat(scope(Method.PATCH, "/v1/query")).isEmpty();
    }
}
