// Codegen: a throw-away embedded PostgreSQL with every built-in queue model's Liquibase changelog applied, each into a
// schema named after its folder (src/main/resources/models/<model>/changelog.yaml), then jOOQ's code generator reads
// each schema into its own package, io.claimmatrix.schema.jooq.<model> (no Docker, no server, no H2 simulation).
// Adding a model folder is enough: the next build generates its classes.
//
// jOOQ runs from here, once per model, rather than as jooq-codegen-maven: that plugin takes one configuration per
// execution, so every model would need its own execution in the pom. Each model's schema is generated as jOOQ's
// default schema (its tables render unqualified; every run binds them to its own schema through search_path), which
// also keeps a table named like its model (jobs/jobs) from colliding with the schema's class.
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres
import liquibase.Liquibase
import liquibase.Scope
import liquibase.database.DatabaseFactory
import liquibase.database.jvm.JdbcConnection
import liquibase.resource.DirectoryResourceAccessor
import liquibase.ui.LoggerUIService
import org.jooq.codegen.GenerationTool
import org.jooq.meta.jaxb.Configuration
import org.jooq.meta.jaxb.Database
import org.jooq.meta.jaxb.Generate
import org.jooq.meta.jaxb.Generator
import org.jooq.meta.jaxb.Jdbc
import org.jooq.meta.jaxb.Logging
import org.jooq.meta.jaxb.Target

import java.util.logging.Level
import java.util.logging.Logger

System.setProperty('liquibase.analytics.enabled', 'false')
System.setProperty('liquibase.command.showSummary', 'OFF')
System.setProperty('org.jooq.no-logo', 'true')
System.setProperty('org.jooq.no-tips', 'true')
// A binding variable, so the logger (and its level) lives as long as the script.
liquibaseLog = Logger.getLogger('liquibase')
liquibaseLog.level = Level.WARNING

def resources = new File(project.basedir, 'src/main/resources')
def output = new File(project.build.directory, 'generated-sources/jooq')
def models = new File(resources, 'models').listFiles()
        .findAll { it.isDirectory() && new File(it, 'changelog.yaml').isFile() }
        .sort { it.name }
models.each { dir ->
    if (!(dir.name ==~ /[a-z][a-z0-9_]*/)) {
        throw new IllegalStateException("models/${dir.name}: a built-in model's folder name is its schema and Java package: "
                + "lower-case letters, digits and _")
    }
}

// Up to date: the same model files, this script and the same jOOQ and PostgreSQL versions as the classes in the output
// were generated from (a fingerprint kept beside them); then a build skips the server start and the generator.
def digest = java.security.MessageDigest.getInstance('SHA-256')
def inputs = []
new File(resources, 'models').eachFileRecurse(groovy.io.FileType.FILES) { inputs << it }
inputs << new File(project.basedir, 'build/codegen.groovy')
inputs.sort { it.path }.each { digest.update(it.path.bytes); digest.update(it.bytes) }
digest.update("${project.properties['jooq.version']} ${project.properties['postgres.version']}".toString().bytes)
def fingerprint = digest.digest().encodeHex().toString()
def marker = new File(output, '.claim-matrix-codegen')
def generated = models.every { new File(output, "io/claimmatrix/schema/jooq/${it.name}").isDirectory() }
if (generated && marker.isFile() && marker.text == fingerprint) {
    log.info("claim-matrix codegen: up to date (${models.size()} model(s)), jOOQ classes in ${output}")
    project.addCompileSourceRoot(output.path)
    return
}
marker.delete()

EmbeddedPostgres.builder().start().withCloseable { pg ->
    def url = pg.getJdbcUrl('postgres', 'postgres')
    def version = pg.postgresDatabase.connection.withCloseable { it.createStatement().executeQuery('SHOW server_version').with { next(); getString(1) } }
    models.each { dir ->
        pg.postgresDatabase.connection.withCloseable { conn ->
            conn.createStatement().execute("CREATE SCHEMA ${dir.name}")
            def db = DatabaseFactory.instance.findCorrectDatabaseImplementation(new JdbcConnection(conn))
            db.defaultSchemaName = dir.name
            db.liquibaseSchemaName = dir.name
            Scope.child([(Scope.Attr.ui.name()): new LoggerUIService()], {
                new Liquibase("models/${dir.name}/changelog.yaml", new DirectoryResourceAccessor(resources), db).update('')
            } as Scope.ScopedRunner)
        }
        GenerationTool.generate(new Configuration()
                .withLogging(Logging.WARN)
                .withJdbc(new Jdbc().withDriver('org.postgresql.Driver').withUrl(url).withUser('postgres'))
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName('org.jooq.meta.postgres.PostgresDatabase')
                                .withInputSchema(dir.name)
                                .withOutputSchemaToDefault(true)
                                .withExcludes('databasechangelog|databasechangeloglock'))
                        .withGenerate(new Generate().withJavaTimeTypes(true).withPojos(false).withDaos(false))
                        .withTarget(new Target().withPackageName("io.claimmatrix.schema.jooq.${dir.name}").withDirectory(output.path))))
    }
    log.info("claim-matrix codegen: ${models.size()} model(s) (${models*.name.join(', ')}) applied to embedded PostgreSQL ${version}, "
            + "jOOQ classes in ${output}")
}
marker.text = fingerprint
project.addCompileSourceRoot(output.path)
