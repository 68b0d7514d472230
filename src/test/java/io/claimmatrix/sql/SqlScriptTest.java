package io.claimmatrix.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlScriptTest {

    @Test
    void splitsAtTopLevelSemicolonsAndKeepsEachStatementsLine() throws Exception {
        List<SqlScript.Statement> s = SqlScript.split("\nUPDATE t SET x = 1;\n\nINSERT INTO t\nVALUES (';');\n-- trailing comment\n", 10);

        assertThat(s).extracting(SqlScript.Statement::text).containsExactly("UPDATE t SET x = 1", "INSERT INTO t\nVALUES (';')");
        assertThat(s).extracting(SqlScript.Statement::line).containsExactly(11, 13);
    }

    @Test
    void turnsNamedParametersIntoPlaceholdersInOrder() throws Exception {
        SqlScript.Statement s = SqlScript.split("SELECT * FROM t WHERE a = ANY(:ids)\n AND b <> ALL(:missing_ids) AND c = ANY(:ids)", 1).get(0);

        assertThat(s.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a = ANY(?)\n AND b <> ALL(?) AND c = ANY(?)");
        assertThat(s.parameters()).containsExactly("ids", "missing_ids", "ids");
        assertThat(s.paramLines()).containsExactly(1, 2, 2);
        assertThat(s.text()).contains(":ids", ":missing_ids");
    }

    @Test
    void leavesCastsLiteralsIdentifiersCommentsAndDollarQuotesAlone() throws Exception {
        String sql = "SELECT id::text, ':not', E'it\\'s :no', \"col:x\", $$ :no; $$, $f$ ; $f$, $1 -- :no;\n"
                + "/* :no; /* nested ; */ still */ FROM t WHERE id = ANY(:ids)";

        List<SqlScript.Statement> s = SqlScript.split(sql, 1);

        assertThat(s).hasSize(1);
        assertThat(s.get(0).parameters()).containsExactly("ids");
        assertThat(s.get(0).jdbcSql()).isEqualTo(sql.replace(":ids", "?"));
    }

    @Test
    void anUnterminatedQuoteNamesTheLineItStarts() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 1;\nSELECT 'oops;\nFROM t", 5))
                .isInstanceOfSatisfying(SqlScript.UnterminatedException.class, e -> assertThat(e.line).isEqualTo(6))
                .hasMessageContaining("string literal");
    }

    @Test
    void commentsAndBlanksAloneAreNoStatement() throws Exception {
        assertThat(SqlScript.split("  -- nothing here\n/* nor here */\n ; ;", 1)).isEmpty();
    }
}
