package dev.revguard.job.standalone;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint under a checkpoint directory laid out by Flink as
 * {@code <dir>/<job-id>/chk-<n>/_metadata}. A checkpoint is complete once its metadata file exists.
 */
public final class LatestCheckpoint {
    private LatestCheckpoint() {}

    public static Optional<Path> find(String checkpointDir) throws IOException {
        Path root = checkpointDir.contains("://") ? Path.of(URI.create(checkpointDir)) : Path.of(checkpointDir);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(root)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(LatestCheckpoint::checkpointsOf)
                    .filter(chk -> Files.isRegularFile(chk.resolve("_metadata")))
                    .max(Comparator.comparing(LatestCheckpoint::completedAt));
        }
    }

    private static Stream<Path> checkpointsOf(Path jobDir) {
        try (Stream<Path> s = Files.list(jobDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-")).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static FileTime completedAt(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
