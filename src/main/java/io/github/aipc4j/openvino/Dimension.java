package io.github.aipc4j.openvino;

/**
 * One dimension of a {@link PartialShape}: static ({@code min == max}), bounded ({@code min..max}) or dynamic
 * (unbounded above, {@code max == -1}), as {@code ov_dimension_t} holds it. A negative {@code min} is read as 0.
 *
 * @param min the smallest allowed length (≥ 0)
 * @param max the largest allowed length, or -1 for no upper bound
 */
public record Dimension(long min, long max) {
    /** No upper bound. */
    public static final long UNBOUNDED = -1;

    public Dimension {
        if (min < 0) {
            min = 0;
        }
        if (max < -1 || (max != UNBOUNDED && max < min)) {
            throw new IllegalArgumentException("invalid dimension " + min + ".." + max);
        }
    }

    /** A static dimension; -1 means dynamic. */
    public static Dimension of(long length) {
        return length < 0 ? dynamic() : new Dimension(length, length);
    }

    /** A dimension of any length ({@code ?}). */
    public static Dimension dynamic() {
        return new Dimension(0, UNBOUNDED);
    }

    /** A dimension between {@code min} and {@code max} inclusive. */
    public static Dimension bounded(long min, long max) {
        return new Dimension(min, max);
    }

    public boolean isStatic() {
        return min == max;
    }

    public boolean isDynamic() {
        return !isStatic();
    }

    /** The length of a static dimension. */
    public long length() {
        if (!isStatic()) {
            throw new IllegalStateException("dimension " + this + " is dynamic");
        }
        return min;
    }

    /** {@code 3}, {@code ?}, {@code 1..8}, {@code 2..} (OpenVINO's notation). */
    @Override
    public String toString() {
        if (isStatic()) {
            return Long.toString(min);
        }
        if (max == UNBOUNDED) {
            return min == 0 ? "?" : min + "..";
        }
        return min + ".." + max;
    }
}
