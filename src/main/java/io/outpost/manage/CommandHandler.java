package io.outpost.manage;

import java.util.List;
import java.util.Map;

/** One command, {@code P/cmd/<name>}: takes the request object, returns the reply's fields after {@code "ok":true}. */
@FunctionalInterface
public interface CommandHandler {

    /**
     * @param request the payload's JSON object ({@code {}} for an empty payload), holding only fields of {@link #fields()}
     * @return the reply's fields, in order; strings, numbers, booleans or {@link io.outpost.value.Value}s
     * @throws CommandRefusedException when the request cannot be carried out; its message is the reply's error
     */
    Map<String, Object> handle(Map<String, Object> request) throws CommandRefusedException;

    /**
     * The request fields this command takes, in the order its refusal names them. The dispatch refuses any
     * other field before the handler sees the request, the same way for every command; none by default, so
     * a command that forgets to declare its fields refuses them rather than ignoring them.
     */
    default List<String> fields() {
        return List.of();
    }
}
