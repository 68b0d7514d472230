package io.claimmatrix.model;

import org.jooq.DSLContext;

import java.sql.PreparedStatement;

/** A model's {@code fixture.sql}, its {@code :items} bound to a size. */
public record SqlFixture(QueueModel model, int items) implements ModelFixture {

    public SqlFixture {
        if (items < 1) {
            throw new IllegalArgumentException("items must be at least 1, got " + items);
        }
    }

    /** The fixture file's own name: {@code fixture.sql} in a model folder, the file @ClaimMatrix(fixture = ...) names. */
    @Override
    public String name() {
        String file = model.source().describe("fixture.sql");
        return file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    }

    @Override
    public String insertSql() {
        return model.fixture().stream().map(q -> q.statement().inlined(java.util.Map.of("items", String.valueOf(items))))
                .collect(java.util.stream.Collectors.joining(";\n"));
    }

    @Override
    public void insert(DSLContext dsl, boolean nearEmpty) {
        int size = nearEmpty ? 1 : items;
        dsl.connection(c -> {
            for (QueueModel.Query q : model.fixture()) {
                try (PreparedStatement ps = c.prepareStatement(q.jdbcSql())) {
                    for (int i = 1; i <= q.parameters().size(); i++) {
                        ps.setInt(i, size);
                    }
                    ps.execute();
                } catch (java.sql.SQLException e) {
                    throw new StatementFailed(q, e);
                }
            }
        });
    }

    /** A statement of fixture.sql that PostgreSQL refused, with the statement (its file and line) and the cause. */
    public static final class StatementFailed extends RuntimeException {
        private final transient QueueModel.Query statement;

        StatementFailed(QueueModel.Query statement, java.sql.SQLException cause) {
            super(cause.getMessage(), cause);
            this.statement = statement;
        }

        public QueueModel.Query statement() {
            return statement;
        }
    }
}
