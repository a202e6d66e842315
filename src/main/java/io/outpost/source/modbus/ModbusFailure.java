package io.outpost.source.modbus;

/**
 * A request that did not return data: either the device answered with a Modbus exception
 * ({@link #exceptionCode()} 1..255; the link is fine) or the link itself failed (timeout, refused,
 * short or garbled frame; {@link #exceptionCode()} 0, the connection is rebuilt before the next request).
 */
public final class ModbusFailure extends Exception {

    /** Modbus exception 02: the device has no such address. */
    public static final int ILLEGAL_DATA_ADDRESS = 2;

    private final int exceptionCode;

    private ModbusFailure(String message, int exceptionCode, Throwable cause) {
        super(message, cause, false, false);
        this.exceptionCode = exceptionCode;
    }

    static ModbusFailure exceptionResponse(int code, String message) {
        return new ModbusFailure("device answered exception " + code + " (" + message + ")", code, null);
    }

    static ModbusFailure link(String message, Throwable cause) {
        return new ModbusFailure(message, 0, cause);
    }

    public int exceptionCode() {
        return exceptionCode;
    }

    /** Whether the device answered, refusing this request only. */
    public boolean deviceAnswered() {
        return exceptionCode != 0;
    }

    public boolean illegalAddress() {
        return exceptionCode == ILLEGAL_DATA_ADDRESS;
    }
}
