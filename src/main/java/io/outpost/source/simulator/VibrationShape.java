package io.outpost.source.simulator;

/**
 * The shape of {@code signal: vibration}, healthy and with a bearing fault, in units of the
 * amplitude and without the noise.
 *
 * <p>The shipped model {@code conf/models/vibration-anomaly-int8.onnx} was trained on this very
 * formula, as {@code conf/models/train_vibration_model.py} writes it: change one and the other in
 * the same commit, then retrain, or the model watches a machine the simulator no longer is.
 * {@code VibrationShapeTest} holds this copy to values the script wrote.
 */
final class VibrationShape {

    static final double THIRD_HARMONIC = 0.3;
    static final double NOISE = 0.02;

    // A damaged bearing moves energy off the shaft frequency into a high harmonic and into a
    // train of impacts (alternating sign, ringing down within about one sample). The shares keep
    // the RMS about 12 % below healthy, so the level alone cannot tell the two apart.
    static final double FAULT_FUNDAMENTAL = 0.8;
    static final int FAULT_HARMONIC = 10;
    static final double FAULT_HARMONIC_SHARE = 0.25;
    static final int FAULT_IMPACTS_PER_PERIOD = 8;
    static final double FAULT_IMPACT = 0.45;

    private final double periodMillis;
    private final double decayMillis;
    private final double phase;

    /** {@code phase} of the third harmonic, so that two machines do not run in lockstep. */
    VibrationShape(double periodMillis, double intervalMillis, double phase) {
        this.periodMillis = periodMillis;
        this.decayMillis = intervalMillis;
        this.phase = phase;
    }

    double healthy(long tsMillis) {
        double theta = theta(tsMillis);
        return Math.sin(theta) + THIRD_HARMONIC * Math.sin(3 * theta + phase);
    }

    double faulty(long tsMillis) {
        double theta = theta(tsMillis);
        double spacing = periodMillis / FAULT_IMPACTS_PER_PERIOD;
        double inPeriod = inPeriod(tsMillis);
        double impact = Math.floor(inPeriod / spacing);
        double sinceImpact = inPeriod - impact * spacing;
        double sign = impact % 2 == 0 ? 1 : -1;
        return FAULT_FUNDAMENTAL * Math.sin(theta) + THIRD_HARMONIC * Math.sin(3 * theta + phase)
                + FAULT_HARMONIC_SHARE * Math.sin(FAULT_HARMONIC * theta)
                + sign * FAULT_IMPACT * Math.exp(-sinceImpact / decayMillis);
    }

    private double theta(long tsMillis) {
        return 2 * Math.PI * inPeriod(tsMillis) / periodMillis;
    }

    // The remainder is taken on the whole milliseconds, so the angle keeps its precision at epoch times.
    private double inPeriod(long tsMillis) {
        return Math.floorMod(tsMillis, (long) periodMillis);
    }
}
