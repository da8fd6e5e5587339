# The query service and dashboard.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY common common
COPY flink-job flink-job
COPY query-service query-service
COPY sql sql
RUN mvn -B -q -pl query-service -am -DskipTests package

FROM eclipse-temurin:17-jre
# The executive report's PDF embeds DejaVu Sans (− × ≥ and the like).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/query-service/target/revguard-query.jar /opt/revguard/revguard-query.jar
EXPOSE 7070
ENTRYPOINT ["java", "-Xmx512m", "-jar", "/opt/revguard/revguard-query.jar"]
