package io.tally.adapter.in.graphql;

import io.helidon.webserver.graphql.GraphQlService;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import graphql.schema.GraphQLSchema;

/**
 * The GraphQL adapter's public face: {@code POST|GET /graphql} (Helidon's GraphQL service), the published schema at
 * {@code /graphql/schema.graphql}, and subscriptions over {@code graphql-transport-ws} at {@code /graphql/ws}.
 */
public final class GraphQlApi {

    public static final String PATH = "/graphql";
    public static final String WS_PATH = "/graphql/ws";

    private GraphQlApi() {
    }

    public static void register(HttpRouting.Builder routing, WsRouting.Builder ws, GraphQlServices services,
                                GraphQlSettings settings) {
        GraphQLSchema schema = TallySchema.build(services, settings);
        Operations operations = new Operations(schema, settings);
        routing.addFilter(new CallerFilter(services.callers()));
        routing.register(GraphQlService.builder()
                .invocationHandler(new GraphQlHttp(operations, schemaText()))
                .executor(java.util.concurrent.Executors::newVirtualThreadPerTaskExecutor)
                .build());
        ws.endpoint(WS_PATH, () -> new TransportWsSocket(operations, services.callers(), settings));
    }

    /** The schema as published: the file kept in this module. */
    public static String schemaText() {
        return TallySchema.text();
    }
}
