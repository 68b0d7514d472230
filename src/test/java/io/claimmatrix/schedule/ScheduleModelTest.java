package io.claimmatrix.schedule;

import io.claimmatrix.BadInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schedule model and its text form, without a database. */
class ScheduleModelTest {

    @Test
    void aPermutationReadsBackAsWritten() {
        String text = "s1begin s2begin s2claim(pause) s1claim s1write s1commit s2resume s2write s2commit";
        Schedule s = Schedule.parse("mine", "a story", text);

        assertThat(s.permutation()).isEqualTo(text);
        assertThat(s.sessions()).isEqualTo(2);
        assertThat(s.steps().get(2)).isEqualTo(new Step(2, Action.CLAIM, true));
        assertThat(Schedule.parse("again", "", s.permutation()).steps()).isEqualTo(s.steps());
    }

    @Test
    void theBuilderAndTheTextFormAgree() {
        Schedule built = Schedule.builder("stale-snapshot").story(Schedules.STALE_SNAPSHOT.story())
                .begin(1).begin(2).claimAndPause(2).claim(1).write(1).commit(1).resume(2).write(2).commit(2).build();

        assertThat(built).isEqualTo(Schedules.STALE_SNAPSHOT);
    }

    @Test
    void aLeadingNameAndCommasAreAccepted() {
        Schedule s = Schedule.parse("ignored", "", "both-claim: s1begin, s2begin, s1claim, s2claim, s1commit, s2commit");

        assertThat(s.name()).isEqualTo("both-claim");
        assertThat(s.steps()).hasSize(6);
    }

    @Test
    void namedSchedulesResolveAndPermutationsBecomeCustomOnes() {
        assertThat(Schedules.resolve("lock-held", 1)).isSameAs(Schedules.LOCK_HELD);
        assertThat(Schedules.resolve("s1begin s1claim s1commit", 3).name()).isEqualTo("custom-3");
        assertThatThrownBy(() -> Schedules.resolve("lock-hold", 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no schedule named 'lock-hold'");
    }

    @Test
    void eachSessionMustMakeSenseOnItsOwn() {
        assertRejected("s1claim s1commit", "at s1claim, s1 claims outside a transaction");
        assertRejected("s1begin s1write s1commit", "at s1write, s1 writes before it claims");
        assertRejected("s1begin s1claim(pause) s1commit", "at s1commit, s1 has a paused claim: resume it first");
        assertRejected("s1begin s1claim s1resume s1commit", "at s1resume, s1 resumes, but it has no paused claim");
        assertRejected("s1begin s1claim", "s1 must end with commit or rollback");
        assertRejected("s2begin s2commit", "sessions must be s1 to s2 without gaps");
        assertRejected("s1begin s1wait s1commit", "'s1wait' is not a step");
        assertRejected("", "has no steps");
    }

    private static void assertRejected(String permutation, String message) {
        assertThatThrownBy(() -> Schedule.parse("bad", "", permutation))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
