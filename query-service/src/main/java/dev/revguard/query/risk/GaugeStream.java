package dev.revguard.query.risk;

import dev.revguard.query.web.ApiException;
import dev.revguard.query.web.Params;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events beside polling: each client gets the gauge it asked for at once, then again
 * whenever it changes. One reader checks every subscribed gauge once a second.
 */
public final class GaugeStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GaugeStream.class);

    private record Subscription(String dimension, String value) {}

    private final RiskController risk;
    private final Map<SseClient, Subscription> clients = new ConcurrentHashMap<>();
    private final Map<SseClient, String> lastSent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "revguard-gauge-stream");
        t.setDaemon(true);
        return t;
    });

    public GaugeStream(RiskController risk) {
        this.risk = risk;
        poller.scheduleWithFixedDelay(this::push, 1, 1, TimeUnit.SECONDS);
    }

    public void subscribe(SseClient client) {
        String dimension;
        String value;
        try {
            dimension = Params.dimension(client.ctx(), "all");
            value = Params.value(client.ctx(), dimension);
        } catch (ApiException e) {
            client.sendEvent("error", e.body());
            client.close();
            return;
        }
        client.keepAlive();
        client.onClose(() -> {
            clients.remove(client);
            lastSent.remove(client);
        });
        clients.put(client, new Subscription(dimension, value));
        send(client, clients.get(client));
    }

    private void push() {
        clients.forEach(this::send);
    }

    private void send(SseClient client, Subscription s) {
        try {
            Gauge g = risk.gauge(s.dimension(), s.value());
            // The age changes every second; a change is a change of the data.
            String key = g.updatedAt() + "|" + g.severity() + "|" + g.revenueRiskUsd() + "|" + g.sent();
            if (!key.equals(lastSent.get(client))) {
                client.sendEvent("gauge", g);
                lastSent.put(client, key);
            }
        } catch (ApiException e) {
            if (lastSent.put(client, "missing") == null) {
                client.sendEvent("error", e.body());
            }
        } catch (RuntimeException e) {
            LOG.warn("Gauge stream: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        clients.keySet().forEach(SseClient::close);
    }
}
