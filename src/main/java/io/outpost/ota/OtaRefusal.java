package io.outpost.ota;

/**
 * An update refused: a manifest that does not parse or verify, a download that does not match it, an
 * archive that would write outside its release, too little disk. The message says what, in words an
 * operator can act on; nothing was installed.
 */
public final class OtaRefusal extends Exception {

    public OtaRefusal(String message) {
        super(message);
    }

    public OtaRefusal(String message, Throwable cause) {
        super(message, cause);
    }
}
