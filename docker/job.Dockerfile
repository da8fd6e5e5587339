# The job jar on the official Flink image; the compose file's job-submit container runs `flink run` with it.
# The stage `flink` is the JobManager's and TaskManager's image: the official one with revguard's
# Prometheus reporter (snake_case names, README: Metrics and alert rules) installed as a Flink plugin.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY common common
COPY flink-job flink-job
COPY query-service query-service
COPY sql sql
RUN mvn -B -q -pl flink-job -am -DskipTests package

FROM flink:2.2.1-java17 AS flink
COPY --from=build /src/flink-job/target/revguard-metrics-reporter.jar /opt/flink/plugins/revguard-prometheus/

FROM flink:2.2.1-java17
# the job without Flink's own classes: the image has them
COPY --from=build /src/flink-job/target/revguard-job-thin.jar /opt/revguard/revguard-job.jar
