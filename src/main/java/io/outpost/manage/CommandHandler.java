package io.outpost.manage;

import java.util.Map;

/** One command, {@code P/cmd/<name>}: takes the request object, returns the reply's fields after {@code "ok":true}. */
@FunctionalInterface
public interface CommandHandler {

    /**
     * @param request the payload's JSON object ({@code {}} for an empty payload)
     * @return the reply's fields, in order; strings, numbers, booleans or {@link io.outpost.value.Value}s
     * @throws CommandRefusedException when the request cannot be carried out; its message is the reply's error
     */
    Map<String, Object> handle(Map<String, Object> request) throws CommandRefusedException;
}
