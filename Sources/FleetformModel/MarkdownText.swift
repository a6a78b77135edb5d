/// Markdown for the reports posted as pull-request comments (plans and cost reports).
public enum MarkdownText {
    /// `text` safe inside a table cell: pipes escaped, newlines folded into spaces.
    public static func cell(_ text: String) -> String {
        text.replacing("|", with: "\\|").replacing("\n", with: " ")
    }
}
