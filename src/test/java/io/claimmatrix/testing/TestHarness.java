package io.claimmatrix.testing;

import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.run.Harness;
import io.claimmatrix.schema.RunSchema;

/** A queue model's run schema on the shared test database and a harness on it: what a test class that runs variants opens once. */
public final class TestHarness implements AutoCloseable {

    private final ModelSchema schema;
    private final Harness harness;

    private TestHarness(ModelSchema schema, Harness harness) {
        this.schema = schema;
        this.harness = harness;
    }

    /** The seed model, its fixture as the settings say. */
    public static TestHarness open(Harness.Settings settings) throws Exception {
        return open(settings, ModelCatalogue.builtIn().get(QueueModel.SEED));
    }

    public static TestHarness open(Harness.Settings settings, QueueModel model) throws Exception {
        var db = TestDatabase.get();
        ModelSchema schema = ModelSchema.create(db.jdbcUrl(), db.user(), db.password(), model, settings.fixtures());
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
        return schema.schema();
    }

    public ModelSchema model() {
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
