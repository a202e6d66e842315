package io.outpost.manage;

import java.util.Map;

/** Where operator events go ({@code P/events}); the gateway's event recorder. */
@FunctionalInterface
public interface EventSink {

    void record(String type, Map<String, ?> fields);
}
