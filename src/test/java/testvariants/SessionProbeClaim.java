package testvariants;

import org.jooq.DSLContext;
import org.jooq.Record;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A normal claim that first records, per backend pid, the timeouts its session runs with. */
public final class SessionProbeClaim extends MisbehavingClaim {

    /** pid to "statement_timeout lock_timeout idle_in_transaction_session_timeout", as SHOW prints them. */
    public final Map<Integer, String> seen = new ConcurrentHashMap<>();

    public SessionProbeClaim(String name) {
        super(name);
    }

    @Override
    protected void beforeClaim(DSLContext dsl) {
        Record r = dsl.fetchOne("SELECT pg_backend_pid(), current_setting('statement_timeout'), "
                + "current_setting('lock_timeout'), current_setting('idle_in_transaction_session_timeout')");
        seen.put(r.get(0, Integer.class), r.get(1, String.class) + " " + r.get(2, String.class) + " " + r.get(3, String.class));
    }
}
