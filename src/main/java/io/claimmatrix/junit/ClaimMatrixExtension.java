package io.claimmatrix.junit;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JUnit 5 extension behind {@link ClaimMatrix} and {@link ClaimTest} (registered by both annotations; nothing to
 * register by hand):
 * <ul>
 *   <li>before the class: reads its queue model's files (a mistake fails the class with one line naming file and line),
 *       and skips the class, saying why, when the configured database cannot be had here (testcontainers without a
 *       Docker engine);</li>
 *   <li>each {@code @ClaimTest} method: one run per strategy, in the order named, each measured just before its run
 *       (the first time the class asks for it) and named after its verdicts; its {@link ClaimResult} is the method's
 *       parameter;</li>
 *   <li>after the class: writes the class's report (Markdown, JSON, HTML under {@code target/claim-matrix/}), prints
 *       a summary naming each result that is not SAFE with its first evidence, and drops the class's run schemas.</li>
 * </ul>
 * A test template rather than a {@code @ParameterizedTest} source: each run gets its result from the extension that
 * measured it, lazily and once per class, on any JUnit 5 or 6 version (the arguments-provider API is changing).
 */
public final class ClaimMatrixExtension implements BeforeAllCallback, AfterAllCallback, TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClaimMatrixExtension.class);
    private static final String RUN = "run";
    private static final String OPTIONS = "database";

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ClaimMatrix config = config(testClass).orElseThrow(() -> new ExtensionConfigurationException(
                testClass.getName() + ": ClaimMatrixExtension needs @ClaimMatrix on the class (its changelog, fixture and claimable query)"));
        DatabaseOptions options = SharedDatabase.options(context);
        Optional<String> unavailable = SharedDatabase.unavailable(options);
        if (unavailable.isPresent()) {
            System.err.println(unavailable.get());
            Assumptions.assumeTrue(false, unavailable.get());
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put(OPTIONS, options);
        store.put(RUN, ClassRun.read(testClass, config));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ClassRun run = context.getStore(NAMESPACE).remove(RUN, ClassRun.class);
        if (run == null) {
            return;
        }
        try {
            ClassRun.Report report = run.report();
            if (report != null) {
                System.out.print(report.summary());
                System.out.flush();
            }
        } finally {
            run.close();
        }
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, ClaimTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        ExtensionContext classContext = context.getParent().orElseThrow();
        ClassRun run = classContext.getStore(NAMESPACE).get(RUN, ClassRun.class);
        if (run == null) {
            throw new ExtensionConfigurationException("@ClaimTest " + method.getName() + " needs @ClaimMatrix on its class "
                    + context.getRequiredTestClass().getName() + " (the queue model: changelog, fixture, claimable query)");
        }
        ClaimTest test = AnnotationSupport.findAnnotation(method, ClaimTest.class).orElseThrow();
        List<Class<? extends ClaimStrategy<?>>> classes = Arrays.asList(test.value().length > 0 ? test.value()
                : config(context.getRequiredTestClass()).orElseThrow().strategies());
        if (classes.isEmpty()) {
            throw new ExtensionConfigurationException("@ClaimTest " + method.getName() + " has no strategy to run: name them in "
                    + "@ClaimMatrix(strategies = {...}) on the class, or in @ClaimTest({...}) on the method");
        }
        List<ClaimStrategy<?>> strategies = run.strategies(classes);
        run.check(SharedDatabase.get(context, classContext.getStore(NAMESPACE).get(OPTIONS, DatabaseOptions.class)), strategies);
        // Lazy: JUnit runs each invocation as the stream yields it, so a strategy is measured just before its run.
        return strategies.stream().map(s -> invocation(run.measure(s)));
    }

    private static TestTemplateInvocationContext invocation(ClaimResult result) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return result.toString();
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new ResultParameter(result));
            }
        };
    }

    /** The {@link ClaimResult} parameter of one run. */
    private record ResultParameter(ClaimResult result) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ClaimResult.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return result;
        }
    }

    /** The class's {@code @ClaimMatrix}, or an enclosing class's for a {@code @Nested} one. */
    static Optional<ClaimMatrix> config(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<ClaimMatrix> found = AnnotationSupport.findAnnotation(c, ClaimMatrix.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
