package io.tally.domain.query;

import org.apache.datasketches.theta.CompactThetaSketch;
import org.apache.datasketches.theta.ThetaSetOperation;
import org.apache.datasketches.theta.ThetaUnion;

/**
 * A mergeable estimate of distinct users: an Apache DataSketches Theta sketch over the users' 64-bit id hashes
 * ({@link io.tally.domain.event.IdHash}), kept as its compact bytes. Adding a user or a sketch twice changes nothing
 * and order does not matter, so stores keep one per UTC hour (and one per UTC day) and event type and union them at
 * query time. Up to {@code k = 2^lgK} users the count is exact; above, its relative standard error is about
 * {@code 1/sqrt(k)}.
 * The one class that uses DataSketches, so that every store estimates the same way. Not thread-safe.
 */
public final class VisitorSketch {

    /** log2 of the users a sketch keeps exactly: k = 4096, a relative standard error of about 1.6 %. */
    public static final int LG_K = 12;

    private final int lgK;
    private final ThetaUnion union;

    /** An empty sketch of {@link #LG_K}. */
    public VisitorSketch() {
        this(LG_K);
    }

    /** An empty sketch keeping {@code 2^lgK} hashes (tests use a small one to reach estimation on little data). */
    public VisitorSketch(int lgK) {
        if (lgK < 4 || lgK > 26) {
            throw new IllegalArgumentException("lgK must be between 4 and 26");
        }
        this.lgK = lgK;
        this.union = ThetaSetOperation.builder().setLogNominalEntries(lgK).buildUnion();
    }

    /** Counts a user by its id hash. */
    public VisitorSketch add(long userHash) {
        union.update(userHash);
        return this;
    }

    /** Counts every user of a sketch's {@link #bytes()}. */
    public VisitorSketch merge(byte[] sketch) {
        union.union(CompactThetaSketch.wrap(sketch));
        return this;
    }

    /** The compact serialized sketch, as stored. */
    public byte[] bytes() {
        return union.getResult().toByteArray();
    }

    /**
     * The estimated number of distinct users, rounded; exact while at most {@code 2^lgK} were added. The result is
     * left unordered: sorting it, as {@link #bytes()} does, changes no estimate and was a third of a report's cost.
     */
    public long estimate() {
        return Math.round(union.getResult(false, null).getEstimate());
    }

    /**
     * The estimate of one kept sketch's {@link #bytes()}, without a union: the same number a union of it alone gives
     * (the same hashes under the same theta), for a group that reads a single sketch.
     */
    public static long estimateOf(byte[] sketch) {
        return Math.round(CompactThetaSketch.wrap(sketch).getEstimate());
    }

    /** The bound on the relative error of {@link #estimate()} that holds with 95 % confidence. */
    public double errorBound() {
        return errorBound(lgK);
    }

    /**
     * Two relative standard errors of a Theta sketch of {@code 2^lgK}, {@code 2 / sqrt(k - 1)}: the estimate lies
     * within this fraction of the true count with about 95 % confidence (0.0313 for {@link #LG_K}).
     */
    public static double errorBound(int lgK) {
        return 2 / Math.sqrt((1 << lgK) - 1);
    }
}
