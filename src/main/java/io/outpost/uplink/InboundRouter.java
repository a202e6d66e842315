package io.outpost.uplink;

import io.outpost.threads.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink's subscriptions, and the hand-over of their messages to the handlers: on one
 * {@code uplink-inbound} thread through a bounded queue. A message that finds the queue full is
 * dropped with a warning, so the client's thread never waits.
 *
 * <p>Subscriptions are added before {@link #start()} only (the facade guards this) and are fixed
 * from then on; {@link #route} runs on the client's threads, the handlers on {@code uplink-inbound}.
 */
final class InboundRouter {

    private static final Logger log = LoggerFactory.getLogger(InboundRouter.class);
    private static final int QUEUE = 32;

    private record Subscription(String filter, InboundHandler handler) {
    }

    private final List<Subscription> adding = new ArrayList<>();
    private volatile List<Subscription> subscriptions = List.of();
    private volatile ThreadPoolExecutor handlers;

    /** Validates {@code filter} (an invalid one throws) and routes its messages to {@code handler} once started. */
    void add(String filter, InboundHandler handler) {
        MqttTopicValidator.validate(filter, true, true);
        adding.add(new Subscription(filter, Objects.requireNonNull(handler, "handler")));
    }

    /** Fixes the subscriptions; starts the handler thread if there are any. */
    void start() {
        subscriptions = List.copyOf(adding);
        if (!subscriptions.isEmpty()) {
            handlers = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                    DaemonThreads.named("uplink-inbound"));
        }
    }

    boolean isEmpty() {
        return subscriptions.isEmpty();
    }

    /** The filters to subscribe on every connect. */
    List<String> filters() {
        return subscriptions.stream().map(Subscription::filter).toList();
    }

    /** On the client's thread: hand over and return at once. */
    void route(InboundMessage message) {
        String topic = message.topic();
        InboundHandler handler = handlerFor(topic);
        ThreadPoolExecutor executor = handlers;
        if (handler == null || executor == null) {
            log.warn("event=uplink-inbound-ignored topic={} bytes={} reason=\"no subscription matches\"", topic,
                    message.payload().length);
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    handler.handle(message);
                } catch (RuntimeException e) {
                    log.warn("event=uplink-inbound-handler-failed topic={} error=\"{}\"", topic, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("event=uplink-inbound-dropped topic={} reason=\"{} messages already waiting\"", topic, QUEUE);
        }
    }

    /** Stops the handler thread; messages still waiting are not handled. */
    void close() {
        ThreadPoolExecutor executor = handlers;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private InboundHandler handlerFor(String topic) {
        for (Subscription subscription : subscriptions) {
            if (TopicFilter.matches(subscription.filter(), topic)) {
                return subscription.handler();
            }
        }
        return null;
    }
}
