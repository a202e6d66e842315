package io.outpost.manage;

import io.outpost.value.Lane;

import io.outpost.source.SourceHealth;
import io.outpost.store.LaneStats;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.UplinkStats;
import java.util.List;
import java.util.Map;
import io.outpost.process.alarm.ActiveAlarm;
import io.outpost.process.model.ModelStatus;

/**
 * A snapshot of the data path, from sources to broker.
 *
 * @param samplesRead samples the sources produced
 * @param samplesPassed samples the exception filter passed on
 * @param samplesRestamped samples passed on whose ts was raised to keep their tag in time order
 * @param samplesStored samples in records the store committed
 * @param samplesRefused samples in records the store refused (full with reject-new, or failing)
 * @param activeAlarms the alarms raised and not cleared
 * @param oldestAgeMillis per lane that holds records, how long ago its oldest one was made
 * @param storeFileBytes the size of the store file on disk
 * @param configFile the config file running, and {@code configDigest} the SHA-256 of its bytes
 * @param broker {@code uplink.url}
 * @param rates per source, its readings per second asked and achieved
 */
public record GatewayStats(
        long uptimeMillis,
        long samplesRead,
        long samplesPassed,
        long samplesRestamped,
        long samplesStored,
        long samplesRefused,
        Map<Lane, LaneStats> lanes,
        Map<String, SourceHealth> sources,
        LinkState link,
        UplinkStats uplink,
        List<ModelStatus> models,
        List<ActiveAlarm> activeAlarms,
        Map<Lane, Long> oldestAgeMillis,
        long storeFileBytes,
        String configFile,
        String configDigest,
        String broker,
        Map<String, ReadingRate> rates) {

    public GatewayStats {
        rates = Map.copyOf(rates);
        oldestAgeMillis = Map.copyOf(oldestAgeMillis);
        models = List.copyOf(models);
        activeAlarms = List.copyOf(activeAlarms);
    }
}
