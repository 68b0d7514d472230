// Codegen, step 1: a throw-away embedded PostgreSQL with the Liquibase changelog applied,
// so jOOQ generates from the real schema (no Docker, no server, no H2 simulation).
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres
import liquibase.Liquibase
import liquibase.database.DatabaseFactory
import liquibase.database.jvm.JdbcConnection
import liquibase.resource.DirectoryResourceAccessor

System.setProperty('liquibase.analytics.enabled', 'false')
System.setProperty('liquibase.command.showSummaryOutput', 'LOG')
System.setProperty('liquibase.command.showSummary', 'OFF')
java.util.logging.Logger.getLogger('liquibase').setLevel(java.util.logging.Level.WARNING)
def pg = EmbeddedPostgres.builder().start()
project.setContextValue('claimmatrix.codegen.postgres', pg)
def url = pg.getJdbcUrl('postgres', 'postgres')
pg.postgresDatabase.connection.withCloseable { conn ->
    def db = DatabaseFactory.instance.findCorrectDatabaseImplementation(new JdbcConnection(conn))
    def resources = new DirectoryResourceAccessor(new File(project.basedir, 'src/main/resources'))
    new Liquibase('db/changelog/db.changelog-master.yaml', resources, db).update('')
}
project.properties.setProperty('claimmatrix.codegen.url', url)
log.info("claim-matrix codegen: changelog applied to embedded PostgreSQL at ${url}")
