# Tally: one image for every node. Build from the repository root:  docker build -t tally .
# Stage 1 builds the jar with the project's own Maven wrapper; stage 2 is a JRE and the jar, run as a non-root user.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -pl bootstrap -am package

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 tally \
 && useradd --system --uid 10001 --gid tally --home-dir /var/lib/tally --shell /usr/sbin/nologin tally \
 && mkdir -p /var/lib/tally/data && chown -R tally:tally /var/lib/tally
COPY --from=build /src/bootstrap/target/tally.jar /opt/tally/tally.jar
# the jar's manifest puts libs/ (its dependencies, beside it) on the class path
COPY --from=build /src/bootstrap/target/libs /opt/tally/libs
USER tally
WORKDIR /var/lib/tally
ENV TALLY_STORE_PATH=/var/lib/tally/data/tally.duckdb \
    TALLY_LOG_FORMAT=json \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
VOLUME ["/var/lib/tally/data"]
# `java` here is the image's own Java 25 (outside an image, bin/tally finds one)
# ready = the store answers (Kafka and Redis outages are degraded, not down); the check is the jar's own command
HEALTHCHECK --interval=15s --timeout=10s --start-period=40s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", "/opt/tally/tally.jar", "health"]
ENTRYPOINT ["java", "-jar", "/opt/tally/tally.jar"]
CMD ["serve"]
