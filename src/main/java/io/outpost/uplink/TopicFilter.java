package io.outpost.uplink;

/**
 * MQTT topic filter matching (MQTT 5 §4.7), for the messages the broker hands over. Not Paho's
 * {@code MqttTopicValidator.isMatched}: in 1.2.5 it does not match {@code +} to an empty level, so
 * the broker's delivery of {@code P/cmd/} for {@code P/cmd/+} (correct per the spec) found no handler
 * and could not be refused.
 */
final class TopicFilter {

    private TopicFilter() {
    }

    /** Whether {@code topic} matches {@code filter}: {@code +} is one level, empty ones included; {@code #}, the rest. */
    static boolean matches(String filter, String topic) {
        String[] want = filter.split("/", -1);
        String[] have = topic.split("/", -1);
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("#")) {
                // "#" also matches the parent level ("a/#" matches "a"), not a topic starting with '$'.
                return !(i == 0 && topic.startsWith("$"));
            }
            if (i >= have.length) {
                return false;
            }
            if (want[i].equals("+")) {
                if (i == 0 && topic.startsWith("$")) {
                    return false;
                }
            } else if (!want[i].equals(have[i])) {
                return false;
            }
        }
        return want.length == have.length;
    }
}
