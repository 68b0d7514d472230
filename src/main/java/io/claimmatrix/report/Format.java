package io.claimmatrix.report;

import io.claimmatrix.run.MatrixRunner.MatrixResult;

/** The report formats; each renders a whole matrix result to text. */
public enum Format {
    TABLE(TableReport::render),
    MARKDOWN(MarkdownReport::render),
    JSON(JsonReport::render),
    /** One self-contained page: colour-coded grid, chart, details per variant. */
    HTML(HtmlReport::render);

    private final java.util.function.Function<MatrixResult, String> renderer;

    Format(java.util.function.Function<MatrixResult, String> renderer) {
        this.renderer = renderer;
    }

    public String render(MatrixResult result) {
        return renderer.apply(result);
    }
}
