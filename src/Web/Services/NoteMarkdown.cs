using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// A run's Markdown note as HTML that is safe to put into the page: HTML in the note is shown as text, not markup,
/// and a link or image may only lead to the web (http, https), to mail, or within the lab. Its headings start at h3:
/// the router focuses a page's first h1 after navigating, and a note's heading is no title of the page.
/// </summary>
public static class NoteMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    private const int HeadingOffset = 2;

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>()) heading.Level = Math.Min(6, heading.Level + HeadingOffset);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { LinkRewriter = SafeUrl };
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// The URL unchanged when it is relative or of a safe scheme, else "#": DisableHtml leaves links alone, and a
    /// <c>javascript:</c> or <c>data:</c> link in a note would run in the reader's session.
    /// </summary>
    internal static string SafeUrl(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var pathStart = url.IndexOfAny(['/', '?', '#']);
        var hasScheme = colon >= 0 && (pathStart < 0 || colon < pathStart);
        if (!hasScheme) return url;
        var scheme = url[..colon].Trim().ToLowerInvariant();
        return SafeSchemes.Contains(scheme) ? url : "#";
    }
}
