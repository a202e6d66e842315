package io.outpost.uplink;

import io.outpost.uplink.Transport.Connack;
import io.outpost.uplink.Transport.ConnectOptions;
import io.outpost.uplink.Transport.OutboundMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A {@link Transport} with no network: each connect attempt takes the next scripted answer (accept,
 * refuse, stay silent), every publish is recorded and waits for the test to answer it (or is answered
 * at once for topics set to auto-acknowledge), and the test cuts connections and delivers messages.
 *
 * <p>Thread-safe: the uplink thread calls in, the test thread scripts and answers; one lock for all.
 */
final class ScriptedTransport implements Transport {

    /** What the broker does with one CONNECT. */
    sealed interface ConnectAnswer permits Accept, Refuse, Silent {
    }

    record Accept(Connack connack) implements ConnectAnswer {
    }

    record Refuse(String reason) implements ConnectAnswer {
    }

    record Silent() implements ConnectAnswer {
    }

    /** One PUBLISH handed to a channel, with the future the link waits on. */
    record Sent(int channel, OutboundMessage message, CompletableFuture<Integer> answer) {

        String topic() {
            return message.topic();
        }

        boolean answered() {
            return answer.isDone();
        }
    }

    static final Connack RECEIVE_MAXIMUM_10 = new Connack(10, Long.MAX_VALUE);

    private final Deque<ConnectAnswer> script = new ArrayDeque<>();
    private final List<ScriptedChannel> channels = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private final List<ConnectOptions> options = new ArrayList<>();
    private final Map<String, Integer> subackCodes = new ConcurrentHashMap<>();
    private Predicate<String> autoAck = topic -> topic.endsWith("/status");
    private ConnectAnswer whenScriptIsOver = new Accept(RECEIVE_MAXIMUM_10);

    /** The next connect attempts, in order; after them every attempt gets {@code whenScriptIsOver}. */
    synchronized ScriptedTransport then(ConnectAnswer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    synchronized ScriptedTransport afterScript(ConnectAnswer answer) {
        whenScriptIsOver = answer;
        return this;
    }

    /** Publishes to topics matching {@code topics} get PUBACK 0 at once; the birth and offline status do by default. */
    synchronized ScriptedTransport autoAcknowledge(Predicate<String> topics) {
        autoAck = topics;
        return this;
    }

    ScriptedTransport subackCode(String filter, int reasonCode) {
        subackCodes.put(filter, reasonCode);
        return this;
    }

    @Override
    public synchronized Channel open(Events events) {
        ScriptedChannel channel = new ScriptedChannel(channels.size(), events);
        channels.add(channel);
        return channel;
    }

    synchronized int opened() {
        return channels.size();
    }

    synchronized List<ConnectOptions> options() {
        return List.copyOf(options);
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    synchronized List<Sent> sentTo(String topic) {
        return sent.stream().filter(s -> s.topic().equals(topic)).toList();
    }

    synchronized List<Sent> waiting(String topic) {
        return sent.stream().filter(s -> s.topic().equals(topic) && !s.answered()).toList();
    }

    /** Answers every waiting publish to {@code topic} with {@code reasonCode}; returns how many. */
    int answerAll(String topic, int reasonCode) {
        List<Sent> waiting = waiting(topic);
        waiting.forEach(s -> s.answer().complete(reasonCode));
        return waiting.size();
    }

    /** The latest channel loses its connection, as when the network goes. */
    void cut() {
        ScriptedChannel last;
        synchronized (this) {
            last = channels.get(channels.size() - 1);
        }
        last.lose("connection cut by the test");
    }

    /** The latest channel receives {@code message}. */
    void deliver(InboundMessage message) {
        ScriptedChannel last;
        synchronized (this) {
            last = channels.get(channels.size() - 1);
        }
        last.events.arrived(message);
    }

    synchronized ScriptedChannel channel(int index) {
        return channels.get(index);
    }

    private synchronized ConnectAnswer nextAnswer(ConnectOptions given) {
        options.add(given);
        return script.isEmpty() ? whenScriptIsOver : script.poll();
    }

    private synchronized void record(Sent publish) {
        sent.add(publish);
        if (autoAck.test(publish.topic())) {
            publish.answer().complete(0);
        }
    }

    final class ScriptedChannel implements Channel {
        private final int index;
        private final Events events;
        private volatile boolean connected;
        private volatile boolean abandoned;
        private volatile Boolean disconnectedWithWill;

        ScriptedChannel(int index, Events events) {
            this.index = index;
            this.events = events;
        }

        @Override
        public CompletableFuture<Connack> connect(ConnectOptions given) {
            ConnectAnswer answer = nextAnswer(given);
            if (answer instanceof Accept accept) {
                connected = true;
                return CompletableFuture.completedFuture(accept.connack());
            }
            if (answer instanceof Refuse refuse) {
                return CompletableFuture.failedFuture(new TransportException(refuse.reason(), true));
            }
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Integer> subscribe(String filter) throws TransportException {
            requireConnected();
            return CompletableFuture.completedFuture(subackCodes.getOrDefault(filter, 1));
        }

        @Override
        public CompletableFuture<Integer> publish(OutboundMessage message) throws TransportException {
            requireConnected();
            Sent publish = new Sent(index, message, new CompletableFuture<>());
            record(publish);
            return publish.answer();
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void disconnect(boolean sendWill, Duration timeout) throws TransportException {
            requireConnected();
            disconnectedWithWill = sendWill;
            connected = false;
        }

        @Override
        public void abandon() {
            connected = false;
            abandoned = true;
        }

        boolean abandoned() {
            return abandoned;
        }

        /** Null until a clean DISCONNECT; then whether it asked for the Will. */
        Boolean disconnectedWithWill() {
            return disconnectedWithWill;
        }

        void lose(String reason) {
            connected = false;
            events.lost(reason);
        }

        private void requireConnected() throws TransportException {
            if (!connected) {
                throw new TransportException("not connected", true);
            }
        }
    }
}
