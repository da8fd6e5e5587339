package dev.revguard.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the DevTools protocol, in real time: the dashboard keeps an
 * event stream open, which {@code --virtual-time-budget} would wait for forever. One page; it can
 * navigate, evaluate JavaScript, answer or fail chosen requests, and take screenshots.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Rule> rules = new ArrayList<>();

    /** What to do with requests whose URL matches a pattern: answer with a status, or fail them. */
    private record Rule(String urlPattern, int status, String body) {}

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static HeadlessChromium start(Path chromium, Path profile, int width, int height) throws Exception {
        List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--window-size=" + width + "," + height, "about:blank");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (System.nanoTime() > deadline || !p.isAlive()) throw new IOException("Chromium did not open its DevTools port");
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String pageUrl = null;
            for (JsonNode target : JSON.readTree(list)) {
                if ("page".equals(target.path("type").asText())) pageUrl = target.path("webSocketDebuggerUrl").asText();
            }
            if (pageUrl == null) throw new IOException("Chromium has no page target: " + list);
            Listener listener = new Listener();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), listener).get(30, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(p, ws);
            listener.browser = browser;
            browser.send("Page.enable", Map.of());
            browser.send("Runtime.enable", Map.of());
            return browser;
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    JsonNode send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        post(id, method, params);
        JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) throw new IllegalStateException(method + ": " + reply.get("error"));
        return reply.path("result");
    }

    private void post(int id, String method, Map<String, ?> params) {
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        synchronized (socket) {
            socket.sendText(msg.toString(), true).join();
        }
    }

    void navigate(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
        waitUntil("document.readyState === 'complete'", Duration.ofSeconds(20));
    }

    /** The value of a JavaScript expression (promises awaited), as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    String text(String selector) throws Exception {
        JsonNode v = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector) + "); return e ? e.textContent : null; })()");
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    void waitUntil(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the page did not reach: " + condition);
            Thread.sleep(100);
        }
    }

    /** Requests matching the pattern ({@code *} wildcards) get this status and JSON body; status 0 fails them. */
    void intercept(String urlPattern, int status, String body) throws Exception {
        rules.add(new Rule(urlPattern, status, body));
        List<Map<String, String>> patterns = rules.stream().map(r -> Map.of("urlPattern", r.urlPattern())).toList();
        send("Fetch.enable", Map.of("patterns", patterns));
    }

    void clearInterceptions() throws Exception {
        rules.clear();
        send("Fetch.disable", Map.of());
    }

    private void paused(JsonNode params) {
        String url = params.path("request").path("url").asText();
        String requestId = params.path("requestId").asText();
        Rule rule = rules.stream().filter(r -> matches(r.urlPattern(), url)).findFirst().orElse(null);
        int id = ids.incrementAndGet();
        if (rule == null) {
            post(id, "Fetch.continueRequest", Map.of("requestId", requestId));
        } else if (rule.status() == 0) {
            post(id, "Fetch.failRequest", Map.of("requestId", requestId, "errorReason", "ConnectionRefused"));
        } else {
            post(id, "Fetch.fulfillRequest", Map.of("requestId", requestId, "responseCode", rule.status(),
                    "responseHeaders", List.of(Map.of("name", "Content-Type", "value", "application/json")),
                    "body", Base64.getEncoder().encodeToString(rule.body().getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static boolean matches(String pattern, String url) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) regex.append(".*");
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return url.matches(regex.toString());
    }

    /** A PNG of the element's box with a small margin (the whole element, also below the fold). */
    void screenshot(String selector, Path file) throws Exception {
        JsonNode box = eval("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                + ").getBoundingClientRect(); const m = 12, x = Math.max(0, r.left + scrollX - m), y = Math.max(0, r.top + scrollY - m);"
                + " return { x, y, width: r.right + scrollX + m - x, height: r.bottom + scrollY + m - y }; })()");
        Map<String, Object> clip = Map.of("x", box.get("x").asDouble(), "y", box.get("y").asDouble(),
                "width", box.get("width").asDouble(), "height", box.get("height").asDouble(), "scale", 1);
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the process is stopped below either way
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = JSON.readTree(text);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = browser == null ? null : browser.pending.remove(msg.get("id").asInt());
                        if (f != null) f.complete(msg);
                    } else if ("Fetch.requestPaused".equals(msg.path("method").asText()) && browser != null) {
                        browser.paused(msg.path("params"));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable DevTools message", e);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
