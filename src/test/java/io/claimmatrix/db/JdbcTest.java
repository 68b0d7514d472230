package io.claimmatrix.db;

import io.claimmatrix.BadInputException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcTest {

    @Test
    void addsTimeoutsAndApplicationNameWhereTheUrlHasNone() {
        assertThat(Jdbc.withDefaults("jdbc:postgresql://db:5433/app", Duration.ofMillis(2500)))
                .isEqualTo("jdbc:postgresql://db:5433/app?connectTimeout=3&loginTimeout=3&ApplicationName=claim-matrix");
    }

    @Test
    void theUsersOwnSettingsWin() {
        assertThat(Jdbc.withDefaults("jdbc:postgresql://db/app?loginTimeout=60&ssl=true", Duration.ofSeconds(5)))
                .isEqualTo("jdbc:postgresql://db/app?loginTimeout=60&ssl=true&connectTimeout=5&ApplicationName=claim-matrix");
    }

    @Test
    void addingTwiceChangesNothing() {
        String once = Jdbc.withDefaults("jdbc:postgresql://db/app", Duration.ofSeconds(5));
        assertThat(Jdbc.withDefaults(once, Duration.ofSeconds(1))).isEqualTo(once);
    }

    @Test
    void malformedUrlsAreUsageErrors() {
        assertThatThrownBy(() -> Jdbc.parse("jdbc:postgresql://h:0x1/db")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a valid PostgreSQL JDBC URL");
        assertThatThrownBy(() -> Jdbc.parse("postgres://h/db")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("starts with jdbc:postgresql://");
        assertThatThrownBy(() -> Jdbc.parse(" ")).isInstanceOf(BadInputException.class).hasMessageContaining("empty");
    }

    @Test
    void messagesNameTheServerNeverThePassword() {
        String url = "jdbc:postgresql://db.example:6543/app?password=secret&loginTimeout=4";
        assertThat(Jdbc.where(url)).isEqualTo("db.example:6543/app");

        SQLException refused = new PSQLException("Connection to db.example:6543 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused"));
        assertThat(Jdbc.explain(refused, url, "me").getMessage())
                .isEqualTo("cannot connect to PostgreSQL at db.example:6543/app: connection refused (is the server running and "
                        + "listening on TCP at that address and port?)")
                .doesNotContain("secret");

        SQLException timedOut = new PSQLException("Connection attempt timed out.", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        assertThat(Jdbc.explain(timedOut, url, "me").getMessage()).contains("did not answer in time (connect timeout 4s)");

        SQLException noDb = new SQLException("FATAL: database \"app\" does not exist", "3D000");
        assertThat(Jdbc.explain(noDb, url, "me").getMessage())
                .isEqualTo("database \"app\" does not exist at db.example:6543: create it (createdb app) or name an existing one in --db-url");
    }
}
