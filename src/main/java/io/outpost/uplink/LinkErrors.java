package io.outpost.uplink;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Turns what went wrong on a connect into one line an operator can act on: names the broker, the
 * TLS file involved and what to check. Paho wraps the real cause a few levels deep; this digs it out.
 *
 * <p>Immutable; used on the {@code uplink} thread and on Paho's callback threads alike.
 */
final class LinkErrors {

    private final URI url;
    private final String trustSource;
    private final String clientId;

    LinkErrors(URI url, String trustSource, String clientId) {
        this.url = url;
        this.trustSource = trustSource;
        this.clientId = clientId;
    }

    /** MQTT 5 reason code Session Taken Over: another connection with our client id. */
    static final int SESSION_TAKEN_OVER = 0x8E;

    /** Why the broker sent DISCONNECT with {@code reasonCode}. */
    String describeDisconnect(int reasonCode, String reasonString) {
        String reason = "reason 0x" + Integer.toHexString(reasonCode) + (reasonString == null ? "" : " (" + reasonString + ")");
        if (reasonCode == SESSION_TAKEN_OVER) {
            return "another client uses this client id (" + clientId + "): " + where() + " took the session over ("
                    + reason + "); give each gateway its own gateway.id or uplink.client_id";
        }
        return "broker sent DISCONNECT " + reason;
    }

    /** Why an established connection went away. */
    String describeLoss(Throwable failure) {
        List<Throwable> chain = chain(failure);
        String cause = message(chain.get(chain.size() - 1));
        if (chain.get(chain.size() - 1) instanceof EOFException) {
            // What a takeover looks like when the broker closes without a DISCONNECT (Mosquitto 2.0 logs
            // "already connected, closing old connection"): two gateways with one client id flap like this.
            return "connection to " + where() + " closed by the broker without a reason; if this repeats while the"
                    + " broker stays up, another client probably uses this client id (" + clientId + ")";
        }
        // Paho's own text is just "Connection lost"; the cause below it says what happened.
        return "connection to " + where() + " lost" + (cause.equalsIgnoreCase("connection lost") ? "" : ": " + cause);
    }

    /** Why a connect attempt failed. */
    String describe(Throwable failure) {
        List<Throwable> chain = chain(failure);
        Throwable root = chain.get(chain.size() - 1);
        String where = where();
        if (find(chain, CertPathBuilderException.class) != null || find(chain, CertPathValidatorException.class) != null) {
            return "TLS: server certificate of " + where + " not trusted by " + trustSource + ": " + message(root);
        }
        CertificateException certificate = find(chain, CertificateException.class);
        if (certificate != null && isHostNameMismatch(certificate)) {
            return "TLS: server certificate does not match host name " + url.getHost() + ": " + message(certificate);
        }
        if (closedDuringHandshake(chain, root)) {
            return "TLS: the broker " + where + " closed the connection during the handshake; is this a TLS port?";
        }
        SSLException ssl = find(chain, SSLException.class);
        if (ssl != null) {
            String text = message(root);
            if (text.contains("certificate_required") || text.contains("bad_certificate") || text.contains("unknown_ca")) {
                return "TLS: " + where + " refused our client certificate (uplink.tls.cert_file/key_file): " + text;
            }
            return "TLS: handshake with " + where + " failed: " + text;
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return "cannot reach broker " + where + ": " + message(root);
        }
        if (root instanceof UnknownHostException) {
            return "unknown broker host " + url.getHost();
        }
        if (root instanceof SocketTimeoutException) {
            return "broker " + where + " did not answer: " + message(root);
        }
        if (failure instanceof MqttException mqtt && mqtt.getReasonCode() >= 0x80 && mqtt.getReasonCode() <= 0xff) {
            return "broker " + where + " refused the connection: reason 0x" + Integer.toHexString(mqtt.getReasonCode())
                    + " (" + message(mqtt) + ")";
        }
        if (root != failure) {
            return "connect to " + where + " failed: " + message(failure) + ": " + message(root);
        }
        return "connect to " + where + " failed: " + message(failure);
    }

    /**
     * A TLS connect whose peer reset or closed the socket before the handshake finished: what a plain
     * MQTT port does with a ClientHello (Paho reports it as "Untranslated MqttException - RC: 0").
     */
    private boolean closedDuringHandshake(List<Throwable> chain, Throwable root) {
        boolean tls = url.getScheme().equals("ssl") || url.getScheme().equals("wss");
        if (!tls) {
            return false;
        }
        String text = message(root);
        boolean reset = root instanceof SocketException && text.contains("reset");
        boolean closed = root instanceof EOFException
                || chain.stream().anyMatch(t -> message(t).contains("terminated the handshake"));
        return reset || closed;
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private String where() {
        return url.getHost() + ":" + port();
    }

    private static boolean isHostNameMismatch(CertificateException e) {
        String text = message(e);
        return text.contains("No subject alternative") || text.contains("No name matching");
    }

    private int port() {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return switch (url.getScheme()) {
            case "ssl" -> 8883;
            case "ws" -> 80;
            case "wss" -> 443;
            default -> 1883;
        };
    }

    private static <T extends Throwable> T find(List<Throwable> chain, Class<T> type) {
        for (Throwable t : chain) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String message(Throwable t) {
        String text = t.getMessage();
        return text == null || text.isBlank() ? t.getClass().getSimpleName() : text;
    }
}
