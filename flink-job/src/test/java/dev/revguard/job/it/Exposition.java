package dev.revguard.job.it;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of a Prometheus text endpoint, read sample by sample, and what {@code promtool check metrics} says of it. */
record Exposition(String text, List<Sample> samples) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    /** What promtool printed and its exit code. */
    record Check(String output, int exitCode) {}

    static Exposition scrape(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return parse(r.body());
    }

    static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4).replace("+Inf", "Infinity")
                    .replace("-Inf", "-Infinity"))));
        }
        return new Exposition(text, samples);
    }

    /** The names of the families whose samples are here. */
    TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The one family whose name ends with {@code suffix} (the scope before it is Flink's). */
    String family(String suffix) {
        List<String> found = names().stream().filter(n -> n.endsWith(suffix)).toList();
        if (found.size() != 1) {
            throw new AssertionError("families ending with " + suffix + ": " + found);
        }
        return found.get(0);
    }

    /** The sum over the samples of the family ending with {@code suffix} that carry the given labels. */
    double sum(String suffix, String... labelPairs) {
        String name = family(suffix);
        double total = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), labelPairs)) {
                total += s.value();
            }
        }
        return total;
    }

    /** The samples of the family ending with {@code suffix}. */
    List<Sample> of(String suffix) {
        String name = family(suffix);
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static boolean matches(Map<String, String> labels, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }

    /** {@code promtool check metrics} with this text on its standard input. */
    Check promtool() throws Exception {
        return promtool(text, "check", "metrics");
    }

    /** {@code promtool check rules <file>}. */
    static Check checkRules(java.nio.file.Path rules) throws Exception {
        return promtool("", "check", "rules", rules.toString());
    }

    private static Check promtool(String input, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getenv().getOrDefault("PROMTOOL", "promtool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream o = p.getInputStream()) {
            o.transferTo(out);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool did not finish");
        }
        return new Check(out.toString(StandardCharsets.UTF_8), p.exitValue());
    }
}
