package testvariants;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.claim.strategies.InnerLockAllClaim;
import io.claimmatrix.schema.SeedFixtureShapes;
import io.claimmatrix.predict.Predictor;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;

import java.util.List;

/**
 * A well-behaved claim (the seed's workaround, {@link InnerLockAllClaim}, measured SAFE by the matrix test) with
 * one misbehaviour added before its claim or its write. Whatever happens is what the harness must survive and judge.
 */
public abstract class MisbehavingClaim implements ClaimStrategy<Record2<String, Boolean>>, SeedFixtureShapes {

    private final String name;
    protected final InnerLockAllClaim delegate;

    protected MisbehavingClaim(String name) {
        this(name, new InnerLockAllClaim());
    }

    protected MisbehavingClaim(String name, InnerLockAllClaim delegate) {
        this.name = name;
        this.delegate = delegate;
    }

    /** Runs in the claim's transaction before the claim statement. */
    protected void beforeClaim(DSLContext dsl) {
    }

    /** Runs in the claim's transaction before the write. */
    protected void beforeWrite(DSLContext dsl) {
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "test-only: " + getClass().getSimpleName();
    }

    @Override
    public Isolation isolation() {
        return delegate.isolation();
    }

    @Override
    public boolean needsIncrementalRows() {
        return delegate.needsIncrementalRows();
    }

    @Override
    public ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl) {
        return delegate.claimQuery(dsl);
    }

    @Override
    public List<Record2<String, Boolean>> claim(DSLContext dsl) {
        // The predictor's one run alone, before the rounds, must not spend the misbehaviour the test measures.
        if (!Predictor.isCaptureRun(dsl)) {
            beforeClaim(dsl);
        }
        return delegate.claim(dsl);
    }

    @Override
    public void write(DSLContext dsl, List<Record2<String, Boolean>> claimed) {
        if (!Predictor.isCaptureRun(dsl)) {
            beforeWrite(dsl);
        }
        delegate.write(dsl, claimed);
    }

    /** None: these exist to be measured by the tests, which say what they expect and why. */
    @Override
    public Expectation expectation() {
        return null;
    }
}
