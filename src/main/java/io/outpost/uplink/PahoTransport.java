package io.outpost.uplink;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link Transport} on Paho's MQTT 5 async client (1.2.5). Each channel is a fresh client with
 * in-memory persistence, clean start and no automatic reconnect: the link runs its own connect loop,
 * since Paho's never retries a failed first connect and never times out a broker silent before
 * CONNACK. Paho's exceptions are put in words here ({@link LinkErrors}), so nothing above the seam
 * sees them.
 *
 * <p>Stateless besides its settings; each channel's client is driven by the {@code uplink} thread and
 * calls back on Paho's own threads.
 */
final class PahoTransport implements Transport {

    private static final int QOS = 1;
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    private static final int DISCONNECT_WITH_WILL = 0x04;

    private final URI url;
    private final String clientId;
    private final LinkErrors errors;

    PahoTransport(URI url, String clientId, LinkErrors errors) {
        this.url = url;
        this.clientId = clientId;
        this.errors = errors;
    }

    @Override
    public Channel open(Events events) throws TransportException {
        try {
            MqttAsyncClient client = new MqttAsyncClient(url.toString(), clientId, new MemoryPersistence());
            client.setCallback(new Callbacks(events));
            return new PahoChannel(client);
        } catch (MqttException | RuntimeException e) {
            throw new TransportException(errors.describe(e), false);
        }
    }

    private final class PahoChannel implements Channel {

        private final MqttAsyncClient client;

        PahoChannel(MqttAsyncClient client) {
            this.client = client;
        }

        @Override
        public CompletableFuture<Connack> connect(ConnectOptions options) throws TransportException {
            CompletableFuture<Connack> connack = new CompletableFuture<>();
            try {
                client.connect(pahoOptions(options), null, completing(connack, PahoTransport::connack));
            } catch (MqttException | RuntimeException e) {
                throw new TransportException(errors.describe(e), false);
            }
            return connack;
        }

        @Override
        public CompletableFuture<Integer> subscribe(String filter) throws TransportException {
            CompletableFuture<Integer> suback = new CompletableFuture<>();
            try {
                // Not subscribe(String[], int[], IMqttMessageListener[]): in 1.2.5 it calls itself for ever.
                client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, QOS)}, null,
                        completing(suback, PahoTransport::firstReasonCode), new MqttProperties());
            } catch (MqttException | RuntimeException e) {
                throw new TransportException(errors.describe(e), !client.isConnected());
            }
            return suback;
        }

        @Override
        public CompletableFuture<Integer> publish(OutboundMessage message) throws TransportException {
            MqttMessage mqtt = new MqttMessage(message.payload(), QOS, message.retained(), new MqttProperties());
            message.correlationData().ifPresent(mqtt.getProperties()::setCorrelationData);
            message.format().ifPresent(format -> {
                mqtt.getProperties().setContentType(format.contentType());
                mqtt.getProperties().setPayloadFormat(format.utf8());
            });
            CompletableFuture<Integer> puback = new CompletableFuture<>();
            try {
                client.publish(message.topic(), mqtt, null, completing(puback, PahoTransport::firstReasonCode));
            } catch (MqttException | RuntimeException e) {
                throw refused(e);
            }
            return puback;
        }

        @Override
        public boolean isConnected() {
            return client.isConnected();
        }

        @Override
        public void disconnect(boolean sendWill, Duration timeout) throws TransportException {
            try {
                client.disconnect(timeout.toMillis(), null, null, sendWill ? DISCONNECT_WITH_WILL : 0, new MqttProperties())
                        .waitForCompletion(timeout.toMillis());
            } catch (MqttException e) {
                throw new TransportException(errors.describe(e), !client.isConnected());
            }
        }

        @Override
        public void abandon() {
            try {
                client.disconnectForcibly(0, 0, false);
            } catch (MqttException | RuntimeException e) {
                // already down; nothing to release but the client itself
            }
            try {
                client.close(true);
            } catch (MqttException | RuntimeException e) {
                // closing a client that never connected can complain; its threads are gone either way
            }
        }

        /** A client that refuses because it is no longer connected reports a lost connection, not a bad message. */
        private TransportException refused(Exception e) {
            if (e instanceof MqttException mqtt && mqtt.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return TransportException.busy("every in-flight slot the broker's Receive Maximum allows is taken");
            }
            boolean lost = !client.isConnected();
            return new TransportException(lost ? errors.describeLoss(e) : errors.describe(e), lost);
        }

        private <T> MqttActionListener completing(CompletableFuture<T> future, Function<IMqttToken, T> answer) {
            return new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    future.complete(answer.apply(token));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    future.completeExceptionally(new TransportException(errors.describe(failure), !client.isConnected()));
                }
            };
        }
    }

    private static MqttConnectionOptions pahoOptions(ConnectOptions options) {
        MqttConnectionOptions paho = new MqttConnectionOptions();
        // A session for the command subscription: commands sent while the link is down wait at the broker.
        // Each attempt is a fresh client with empty persistence, so nothing of the last connection is resent
        // by Paho: records the broker did not acknowledge are resent from the store, as without a session.
        paho.setCleanStart(options.sessionExpiry().isZero());
        paho.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
        paho.setAutomaticReconnect(false);
        paho.setKeepAliveInterval((int) Math.max(1, options.keepAlive().getSeconds()));
        paho.setConnectionTimeout((int) Math.max(1, (options.connectTimeout().toMillis() + 999) / 1000));
        OutboundMessage will = options.will();
        paho.setWill(will.topic(), new MqttMessage(will.payload(), QOS, will.retained(), null));
        options.username().ifPresent(paho::setUserName);
        options.password().ifPresent(paho::setPassword);
        options.socketFactory().ifPresent(factory -> {
            paho.setSocketFactory(factory);
            paho.setHttpsHostnameVerificationEnabled(true);
        });
        return paho;
    }

    private static Connack connack(IMqttToken token) {
        MqttProperties properties = token.getResponseProperties();
        Integer receiveMaximum = properties == null ? null : properties.getReceiveMaximum();
        Long maximumPacketSize = properties == null ? null : properties.getMaximumPacketSize();
        return new Connack(receiveMaximum == null || receiveMaximum <= 0 ? DEFAULT_RECEIVE_MAXIMUM : receiveMaximum,
                maximumPacketSize == null || maximumPacketSize <= 0 ? Long.MAX_VALUE : maximumPacketSize);
    }

    private static int firstReasonCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** Paho's callbacks for one client, in the seam's words. The link learns of a completed connect from its future. */
    private final class Callbacks implements MessageCallback {

        private final Events events;

        Callbacks(Events events) {
            this.events = events;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            MqttException cause = response.getException();
            if (cause != null) {
                events.lost(errors.describeLoss(cause));
            } else {
                events.lost(errors.describeDisconnect(response.getReturnCode(), response.getReasonString()));
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            events.lost("protocol error: " + errors.describeLoss(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties properties = message.getProperties();
            events.arrived(new InboundMessage(topic, message.getPayload(),
                    Optional.ofNullable(properties == null ? null : properties.getResponseTopic()),
                    Optional.ofNullable(properties == null ? null : properties.getCorrelationData())));
        }
    }
}
