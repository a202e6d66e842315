package io.outpost.ota;

import java.util.Map;

/**
 * Where an update reports its steps ({@code ota-download-progress}, {@code ota-installed}, …): the
 * gateway sends them on {@code P/events} and logs them; {@code outpost ota status} shows the last.
 * Called on the thread doing the update.
 */
@FunctionalInterface
public interface OtaEvents {

    void event(String name, Map<String, Object> fields);
}
