package io.claimmatrix.testing;

import io.claimmatrix.run.Harness;
import io.claimmatrix.schema.RunSchema;

/** A run schema on the shared test database and a harness on it: what a test class that runs variants opens once. */
public final class TestHarness implements AutoCloseable {

    private final RunSchema schema;
    private final Harness harness;

    private TestHarness(RunSchema schema, Harness harness) {
        this.schema = schema;
        this.harness = harness;
    }

    public static TestHarness open(Harness.Settings settings) throws Exception {
        var db = TestDatabase.get();
        RunSchema schema = RunSchema.create(db.jdbcUrl(), db.user(), db.password());
        try {
            return new TestHarness(schema, new Harness(schema, settings));
        } catch (RuntimeException e) {
            schema.close();
            throw e;
        }
    }

    public Harness harness() {
        return harness;
    }

    public RunSchema schema() {
        return schema;
    }

    @Override
    public void close() {
        try {
            harness.close();
        } finally {
            schema.close();
        }
    }
}
