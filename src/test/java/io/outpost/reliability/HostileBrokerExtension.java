package io.outpost.reliability;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.interceptor.puback.PubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker that misbehaves on request, as a HiveMQ extension: it refuses every CONNECT of a client
 * whose id starts with {@link #TARGETS} with a chosen MQTT 5 reason code (and notes when each came),
 * and holds every PUBACK it sends back for a while. Switched at run time, so one broker plays every
 * part; the test's own consumers, with other ids, are let in.
 */
final class HostileBrokerExtension implements ExtensionMain {

    static final String TARGETS = "hostile-";

    private volatile Optional<ConnackReasonCode> refuseWith = Optional.empty();
    private volatile Duration pubackDelay = Duration.ZERO;
    private final List<Long> connectNanos = new CopyOnWriteArrayList<>();
    private final AtomicLong delayedPubacks = new AtomicLong();

    void refuseWith(Optional<ConnackReasonCode> code) {
        refuseWith = code;
    }

    void delayPubacks(Duration delay) {
        pubackDelay = delay;
    }

    /** When each CONNECT reached the broker ({@link System#nanoTime()}), refused or not. */
    List<Long> connectNanos() {
        return List.copyOf(connectNanos);
    }

    long delayedPubacks() {
        return delayedPubacks.get();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SimpleAuthenticator authenticator = this::authenticate;
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        PubackOutboundInterceptor holdBack = this::holdBack;
        Services.initializerRegistry().setClientInitializer(
                (initializerInput, clientContext) -> clientContext.addPubackOutboundInterceptor(holdBack));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    }

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        if (!input.getConnectPacket().getClientId().startsWith(TARGETS)) {
            output.authenticateSuccessfully();
            return;
        }
        connectNanos.add(System.nanoTime());
        Optional<ConnackReasonCode> code = refuseWith;
        if (code.isPresent()) {
            output.failAuthentication(code.get(), "refused by the test broker");
        } else {
            output.authenticateSuccessfully();
        }
    }

    private void holdBack(PubackOutboundInput input, PubackOutboundOutput output) {
        Duration delay = pubackDelay;
        if (delay.isZero()) {
            return;
        }
        delayedPubacks.incrementAndGet();
        Async<PubackOutboundOutput> async = output.async(delay.plusSeconds(30));
        Services.extensionExecutorService().schedule(async::resume, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
