package io.claimmatrix.search;

import io.claimmatrix.schedule.Schedule;
import io.claimmatrix.schedule.Schedules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The enumeration on its own, no database: what it generates, in which order, and what it leaves out. */
class InterleavingsTest {

    private static List<String> all(Program p, int sessions, int pauses) {
        List<String> out = new ArrayList<>();
        Interleavings.enumerate(p, sessions, pauses, s -> out.add(s.permutation()));
        return out;
    }

    @Test
    void oneSessionRunsItsProgramWithEachEnding() {
        assertThat(all(new Program(1, 1), 1, 2)).containsExactly(
                "s1begin s1claim s1write s1commit",
                "s1begin s1claim s1write s1rollback");
        assertThat(all(new Program(2, 0), 1, 0)).containsExactly(
                "s1begin s1claim.1 s1claim.2 s1commit",
                "s1begin s1claim.1 s1claim.2 s1rollback");
    }

    @Test
    void theSeedsStaleSnapshotScheduleIsGeneratedAndNoneTwice() {
        List<String> schedules = all(new Program(1, 1), 2, 1);

        assertThat(new HashSet<>(schedules)).hasSameSizeAs(schedules);
        // stale-snapshot, sessions relabelled so that the one whose claim runs first is s1: s2's claim pauses across s1's commit.
        assertThat(schedules).contains("s1begin s1claim s1write s2begin s2claim(pause) s1commit s2resume s2write s2commit");
        assertThat(schedules).allSatisfy(p -> Schedule.parse("x", "", p));
        for (String p : schedules.stream().filter(p -> p.contains("s2begin")).toList()) {
            assertThat(p.indexOf("s1begin")).as(p).isLessThan(p.indexOf("s2begin"));
        }
    }

    @Test
    void shortestFirstFewerSessionsThenFewerPauses() {
        List<String> schedules = all(new Program(1, 1), 2, 1);
        int firstTwoSessions = 0;
        while (!schedules.get(firstTwoSessions).contains("s2")) {
            firstTwoSessions++;
        }
        assertThat(firstTwoSessions).isEqualTo(2);
        int firstPause = 0;
        while (!schedules.get(firstPause).contains("(pause)")) {
            firstPause++;
        }
        assertThat(schedules.subList(firstPause, schedules.size())).allMatch(p -> p.contains("(pause)"));
        assertThat(schedules.subList(0, firstPause)).noneMatch(p -> p.contains("(pause)"));
    }

    @Test
    void aPauseOnlyCrossesAnotherSessionsEnd() {
        for (String p : all(new Program(2, 1), 2, 2)) {
            Schedule s = Schedule.parse("x", "", p);
            for (int i = 0; i < s.steps().size(); i++) {
                if (s.steps().get(i).pause()) {
                    int session = s.steps().get(i).session();
                    int resume = i + 1;
                    while (!(s.steps().get(resume).session() == session)) {
                        resume++;
                    }
                    assertThat(s.steps().subList(i, resume).stream().anyMatch(st -> st.session() != session
                            && (st.action().name().equals("COMMIT") || st.action().name().equals("ROLLBACK")))).as(p).isTrue();
                }
            }
        }
    }

    @Test
    void countsStayInTheHundredsForTwoSessions() {
        var c = Interleavings.enumerate(new Program(1, 1), 2, 2, s -> true);
        var lockById = Interleavings.enumerate(new Program(2, 1), 2, 2, s -> true);
        System.out.println("program(1,1) k=2 p<=2: " + c.generated() + " generated, " + c.pruned() + " pruned");
        System.out.println("program(2,1) k=2 p<=2: " + lockById.generated() + " generated, " + lockById.pruned() + " pruned");
        assertThat(c.generated()).isLessThan(400);
        assertThat(Schedules.STALE_SNAPSHOT.sessions()).isEqualTo(2);
    }
}
