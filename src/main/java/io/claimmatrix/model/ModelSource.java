package io.claimmatrix.model;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.Resource;
import io.github.classgraph.ScanResult;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a queue model's files are: a folder on the classpath (a built-in model), a directory (a {@code --queue DIR}), or
 * files named one by one under any names (a project's own changelog, fixture and claimable query: the JUnit extension's
 * {@code @ClaimMatrix}).
 */
public sealed interface ModelSource permits ModelSource.Classpath, ModelSource.Directory, ModelSource.Named {

    /** The folder's own name: the model's default name. */
    String folderName();

    /** The file as messages name it: {@code models/jobs/claimable.sql}, or the path under the user's directory. */
    String describe(String file);

    /** The file's text, or empty when the folder has no such file. */
    Optional<String> read(String file);

    /** The names of the folder's {@code .sql} files, sorted. */
    List<String> sqlFiles();

    /** What Liquibase reads the changelog (and the files it includes) through. */
    ResourceAccessor resourceAccessor();

    /** The changelog's path as {@link #resourceAccessor()} finds it. */
    String changelogPath(String file);

    /** A built-in model: {@code models/<name>/} in the kit's jar (src/main/resources/models in the source tree). */
    record Classpath(String folder) implements ModelSource {

        public static final String ROOT = "models";

        @Override
        public String folderName() {
            return folder.substring(folder.lastIndexOf('/') + 1);
        }

        @Override
        public String describe(String file) {
            return folder + "/" + file;
        }

        @Override
        public Optional<String> read(String file) {
            try (InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(folder + "/" + file)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<String> sqlFiles() {
            try (ScanResult scan = new ClassGraph().acceptPathsNonRecursive(folder).scan()) {
                return scan.getResourcesWithExtension("sql").stream().map(Resource::getPath)
                        .map(p -> p.substring(p.lastIndexOf('/') + 1)).sorted().toList();
            }
        }

        @Override
        public ResourceAccessor resourceAccessor() {
            return new ClassLoaderResourceAccessor(ModelSource.class.getClassLoader());
        }

        @Override
        public String changelogPath(String file) {
            return folder + "/" + file;
        }
    }

    /** A user's {@code --queue DIR}. */
    record Directory(Path dir) implements ModelSource {

        @Override
        public String folderName() {
            Path name = dir.toAbsolutePath().normalize().getFileName();
            return name == null ? "queue" : name.toString();
        }

        @Override
        public String describe(String file) {
            return dir.resolve(file).toString();
        }

        @Override
        public Optional<String> read(String file) {
            Path p = dir.resolve(file);
            if (!Files.isRegularFile(p)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<String> sqlFiles() {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".sql")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ResourceAccessor resourceAccessor() {
            try {
                return new DirectoryResourceAccessor(dir.toAbsolutePath().normalize());
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String changelogPath(String file) {
            return file;
        }
    }

    /**
     * A model whose files are named one by one, each a classpath resource ({@code db/changelog/jobs.yaml}) or, prefixed
     * {@value #FILE}, a file path ({@code file:src/main/resources/db/changelog.yaml}, relative to the working directory).
     * The model reads them under the names a model folder gives them: {@code changelog.<its extension>} (any changelog
     * Liquibase reads: {@code .yaml}, {@code .yml}, {@code .xml}, {@code .sql}), {@code fixture.sql},
     * {@code claimable.sql} and {@code groups.sql}; messages name them as given. It has no strategy files (its
     * strategies are Java classes). A changelog on the classpath may include others by classpath path or relative to
     * itself; one on disk, files beside or below it.
     *
     * @param folderName the model's name unless claimable.sql's {@code -- name:} says
     * @param origin     what named the files, for messages that name no single file (e.g. the test class)
     * @param changelog  the schema's changelog
     * @param fixture    the rows every round starts from
     * @param claimable  the query listing the keys claimable now
     * @param groups     key to group key, or {@code null} for none
     * @param loader     where classpath resources are looked up
     */
    record Named(String folderName, String origin, String changelog, String fixture, String claimable, String groups,
                 ClassLoader loader) implements ModelSource {

        /** The prefix of a file path; a name without it is a classpath resource. */
        public static final String FILE = "file:";

        public Named {
            if (changelog == null || changelog.isBlank() || fixture == null || fixture.isBlank() || claimable == null || claimable.isBlank()) {
                throw new IllegalArgumentException("a model needs its changelog, fixture and claimable query");
            }
            groups = groups == null || groups.isBlank() ? null : groups;
            loader = loader != null ? loader : ModelSource.class.getClassLoader();
        }

        /** The name a model folder gives the changelog: {@code changelog.yaml}, {@code changelog.xml}, ... */
        public String changelogName() {
            String lower = changelog.toLowerCase(java.util.Locale.ROOT);
            for (String c : QueueModel.CHANGELOGS) {
                String ext = c.substring(c.lastIndexOf('.'));
                if (lower.endsWith(ext) && c.startsWith("changelog")) {
                    return c;
                }
            }
            return "changelog.yaml";
        }

        /** Where a model file is, as given; {@code null} for a file this model does not have. */
        String location(String file) {
            if (file.equals(changelogName())) {
                return changelog;
            }
            return switch (file) {
                case "fixture.sql" -> fixture;
                case "claimable.sql" -> claimable;
                case "groups.sql" -> groups;
                default -> null;
            };
        }

        /** Whether a file the model names (as given) can be read: a classpath resource that exists, or a regular file. */
        public boolean exists(String given) {
            return given.startsWith(FILE) ? Files.isRegularFile(Path.of(given.substring(FILE.length())))
                    : loader.getResource(strip(given)) != null;
        }

        private static String strip(String resource) {
            String r = resource.startsWith("classpath:") ? resource.substring("classpath:".length()) : resource;
            return r.startsWith("/") ? r.substring(1) : r;
        }

        @Override
        public String describe(String file) {
            String at = location(file);
            return at != null ? at : file.isEmpty() ? origin : file;
        }

        @Override
        public Optional<String> read(String file) {
            String at = location(file);
            if (at == null || !exists(at)) {
                return Optional.empty();
            }
            if (at.startsWith(FILE)) {
                return new Directory(Path.of(at.substring(FILE.length())).toAbsolutePath().getParent())
                        .read(Path.of(at.substring(FILE.length())).getFileName().toString());
            }
            try (InputStream in = loader.getResourceAsStream(strip(at))) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<String> sqlFiles() {
            return List.of();
        }

        @Override
        public ResourceAccessor resourceAccessor() {
            if (changelog.startsWith(FILE)) {
                return new Directory(Path.of(changelog.substring(FILE.length())).toAbsolutePath().getParent()).resourceAccessor();
            }
            return new ClassLoaderResourceAccessor(loader);
        }

        @Override
        public String changelogPath(String file) {
            return changelog.startsWith(FILE) ? Path.of(changelog.substring(FILE.length())).getFileName().toString() : strip(changelog);
        }
    }
}
