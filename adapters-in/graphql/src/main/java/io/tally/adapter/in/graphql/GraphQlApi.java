package io.tally.adapter.in.graphql;

import graphql.schema.GraphQLSchema;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;

/**
 * The GraphQL adapter's public face: {@code POST|GET /graphql} (GraphQL over HTTP), the published schema at
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
        GraphQlHttp http = new GraphQlHttp(operations, schemaText());
        routing.get(PATH, http::get)
                .post(PATH, http::post)
                .get(PATH + "/schema.graphql", http::schema);
        ws.endpoint(WS_PATH, () -> new TransportWsSocket(operations, services.callers(), services.connections(), settings));
    }

    /** The schema as published: the file kept in this module. */
    public static String schemaText() {
        return TallySchema.text();
    }
}
