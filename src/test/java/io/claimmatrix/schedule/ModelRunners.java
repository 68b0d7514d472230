package io.claimmatrix.schedule;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.Named;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schedule tests' runners: one per queue model, opened when its first variant runs, closed with the test class
 * (an extension: {@code @RegisterExtension static final ModelRunners RUNNERS = new ModelRunners();}).
 * Variants are selected like MatrixTest's: {@code -Dclaimmatrix.variants='left.*'}
 * ({@code @MethodSource("io.claimmatrix.schedule.ModelRunners#variants")}).
 */
final class ModelRunners implements AutoCloseable, AfterAllCallback {

    private final Map<String, ScheduleRunner> runners = new LinkedHashMap<>();

    static List<Named<ClaimStrategy<?>>> variants() {
        return StrategyCatalogue.discover().select(System.getProperty("claimmatrix.variants", "*")).stream()
                .map(s -> Named.<ClaimStrategy<?>>of(s.name(), s)).toList();
    }

    ScheduleRunner forModelOf(ClaimStrategy<?> variant) throws Exception {
        ScheduleRunner r = runners.get(variant.model());
        if (r == null) {
            r = ScheduleRunner.open(TestDatabase.get(), ModelCatalogue.builtIn().get(variant.model()), FixtureSettings.of(Fixture.seed()));
            runners.put(variant.model(), r);
        }
        return r;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        runners.values().forEach(ScheduleRunner::close);
        runners.clear();
    }
}
