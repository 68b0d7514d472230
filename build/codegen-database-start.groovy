// Codegen, step 1: a throw-away embedded PostgreSQL with the Liquibase changelog applied,
// so jOOQ generates from the real schema (no Docker, no server, no H2 simulation).
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres
import liquibase.Liquibase
import liquibase.Scope
import liquibase.database.DatabaseFactory
import liquibase.database.jvm.JdbcConnection
import liquibase.resource.DirectoryResourceAccessor
import liquibase.ui.LoggerUIService

import java.util.logging.Level
import java.util.logging.Logger

System.setProperty('liquibase.analytics.enabled', 'false')
System.setProperty('liquibase.command.showSummary', 'OFF')
// A binding variable, so the logger (and its level) lives as long as the script.
liquibaseLog = Logger.getLogger('liquibase')
liquibaseLog.level = Level.WARNING

def pg = EmbeddedPostgres.builder().start()
project.setContextValue('claimmatrix.codegen.postgres', pg)
def url = pg.getJdbcUrl('postgres', 'postgres')
pg.postgresDatabase.connection.withCloseable { conn ->
    def db = DatabaseFactory.instance.findCorrectDatabaseImplementation(new JdbcConnection(conn))
    def resources = new DirectoryResourceAccessor(new File(project.basedir, 'src/main/resources'))
    Scope.child([(Scope.Attr.ui.name()): new LoggerUIService()], {
        new Liquibase('db/changelog/db.changelog-master.yaml', resources, db).update('')
    } as Scope.ScopedRunner)
}
project.properties.setProperty('claimmatrix.codegen.url', url)
def version = pg.postgresDatabase.connection.withCloseable { it.createStatement().executeQuery('SHOW server_version').with { next(); getString(1) } }
log.info("claim-matrix codegen: changelog applied to embedded PostgreSQL ${version} at ${url}")
