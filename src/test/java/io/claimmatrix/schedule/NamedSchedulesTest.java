package io.claimmatrix.schedule;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.model.ModelFixture;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Verdict;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every variant of the catalogue in the named schedules, on every fixture that matters to it
 * ({@link Explanation#fixturesFor}). What the schedules must show, per the soak verdict the variant was measured to get:
 * <ul>
 *   <li>DUPLICATES: some schedule commits a duplicate, and does so in every run: {@value #REPRODUCTIONS} of
 *       {@value #REPRODUCTIONS} for the seed's own variant, {@value #OTHER_REPRODUCTIONS} of
 *       {@value #OTHER_REPRODUCTIONS} for the others (a schedule is deterministic: the server, not timing, decides
 *       each step);</li>
 *   <li>SAFE: no schedule commits a duplicate;</li>
 *   <li>REJECTED: every schedule is refused (PostgreSQL refuses the statement when it plans it, whatever the interleaving);</li>
 *   <li>ABORTS: no schedule commits a duplicate, and some schedule aborts. Measured before it was asserted: the
 *       catalogue's 48 ABORTS variants and the 26 of a 150-variant sample of the dimension space
 *       ({@link SoakAgreementTest}) all abort in stale-snapshot (40001 under REPEATABLE READ and SERIALIZABLE, as
 *       first-updater-wins predicts; 23505 where they insert) and none commits a duplicate;</li>
 *   <li>every variant: no schedule loses an account (a rolled-back or failed claim leaves it eligible).</li>
 * </ul>
 * INCOMPLETE and TIMEOUT variants are printed, not asserted beyond that (the catalogue's TIMEOUT variants lock the
 * incremental import FOR SHARE and pile up in deadlocks; lock-held shows one, 40P01). Select variants like MatrixTest:
 * {@code -Dclaimmatrix.variants='left.*'}.
 *
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamedSchedulesTest {

    static final int REPRODUCTIONS = 20;
    static final int OTHER_REPRODUCTIONS = 5;

    @RegisterExtension
    static final ModelRunners RUNNERS = new ModelRunners();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.claimmatrix.schedule.ModelRunners#variants")
    void schedulesShowTheVerdict(ClaimStrategy<?> variant) throws Exception {
        ScheduleRunner runner = RUNNERS.forModelOf(variant);
        runner.prepare(Statistics.FRESH); // the search may have left the tables stale
        Verdict verdict = variant.expectation() == null ? null : variant.expectation().verdict();
        List<ScheduleResult> results = new ArrayList<>();
        for (ModelFixture f : runner.fixtures(variant)) {
            for (Schedule s : Schedules.named()) {
                results.add(runner.run(variant, s, f));
            }
        }
        System.out.println(variant.name() + " (soak: " + verdict + "): " + Explanation.summary(results));

        for (ScheduleResult r : results) {
            assertThat(r.outcome()).as("no account is lost%n%s", TimelineText.render(r)).isNotEqualTo(Outcome.LOST);
        }
        List<ScheduleResult> duplicates = results.stream().filter(r -> r.outcome() == Outcome.DUPLICATE).toList();
        if (verdict == null) {
            return; // no measured verdict to hold the schedules to
        }
        switch (verdict) {
            case DUPLICATES -> {
                assertThat(duplicates).as("%s: the soak measured DUPLICATES (%s), so some schedule must commit one; outcomes: %s",
                        variant.name(), variant.expectation().why(), Explanation.summary(results)).isNotEmpty();
                ScheduleResult first = duplicates.get(0);
                Schedule schedule = Schedules.named().stream().filter(s -> s.name().equals(first.schedule())).findFirst().orElseThrow();
                ModelFixture fixture = runner.fixtures(variant).stream().filter(f -> f.name().equals(first.fixture())).findFirst().orElseThrow();
                List<ScheduleResult> again = new ArrayList<>(List.of(first));
                int runs = variant.aliases().contains("seed") ? REPRODUCTIONS : OTHER_REPRODUCTIONS;
                for (int i = 1; i < runs; i++) {
                    again.add(runner.run(variant, schedule, fixture));
                }
                List<ScheduleResult> other = again.stream().filter(r -> r.outcome() != Outcome.DUPLICATE).toList();
                assertThat(other).as("%s on %s commits a duplicate in %d of %d runs; a run that did not:%n%s", schedule.name(), fixture.name(),
                        runs - other.size(), runs, other.isEmpty() ? "" : TimelineText.render(other.get(0))).isEmpty();
            }
            case SAFE -> assertThat(duplicates).as("%s: the soak measured SAFE (%s), but a schedule commits a duplicate:%n%s",
                    variant.name(), variant.expectation().why(),
                    duplicates.stream().map(TimelineText::render).collect(Collectors.joining("\n"))).isEmpty();
            case REJECTED -> assertThat(results).as("PostgreSQL refuses the claim in every interleaving")
                    .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.REJECTED));
            case ABORTS -> {
                assertThat(duplicates).as("%s: the soak measured ABORTS (%s), but a schedule commits a duplicate:%n%s",
                        variant.name(), variant.expectation().why(),
                        duplicates.stream().map(TimelineText::render).collect(Collectors.joining("\n"))).isEmpty();
                assertThat(results).as("%s: the soak measured ABORTS, so some schedule should abort; outcomes: %s",
                        variant.name(), Explanation.summary(results)).anyMatch(r -> r.outcome() == Outcome.ABORT);
            }
            default -> {
                // Printed above; see the class comment.
            }
        }
    }
}
