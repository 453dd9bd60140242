using AngleSharp.Html.Parser;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// A run's note is Markdown that anyone with the lab's address may write: what it renders to must not run in the
/// reader's page. Checked by parsing the HTML as a browser would, not by looking for strings.
/// </summary>
public sealed class NoteMarkdownTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public void Markdown_renders_emphasis_lists_tables_and_task_lists()
    {
        var html = Parse("**bold** and *em*\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done");
        Assert.Equal("bold", html.QuerySelector("strong")!.TextContent);
        Assert.Equal("em", html.QuerySelector("em")!.TextContent);
        Assert.Equal(2, html.QuerySelectorAll("ul:not(.contains-task-list) > li").Length);
        Assert.Equal(["1", "2"], html.QuerySelectorAll("td").Select(c => c.TextContent));
        Assert.NotNull(html.QuerySelector("input[type=checkbox][checked][disabled]"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "script")]
    [InlineData("<img src=x onerror=alert(1)>", "img")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>", "iframe")]
    [InlineData("text <b onmouseover=alert(1)>bold</b> text", "b")]
    [InlineData("<div>\n<style>body { display: none }</style>\n</div>", "style")]
    public void Html_in_a_note_is_shown_as_text_not_made_into_elements(string note, string element)
    {
        var html = Parse(note);
        Assert.Empty(html.QuerySelectorAll(element));
        Assert.DoesNotContain(html.QuerySelectorAll("*"), e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.Contains($"<{element}", html.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JavaScript:alert(1))")]
    [InlineData("[click](javascript&#58;alert(1))")]
    [InlineData("[click](vbscript:msgbox(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[click][ref]\n\n[ref]: javascript:alert(1)")]
    public void A_link_that_would_run_script_leads_nowhere(string note)
    {
        var link = Parse(note).QuerySelector("a")!;
        Assert.Equal("#", link.GetAttribute("href"));
    }

    [Fact]
    public void An_image_from_a_script_or_data_url_is_not_loaded()
    {
        var image = Parse("![x](javascript:alert(1)) ![y](data:image/svg+xml,<svg onload=alert(1)>)").QuerySelectorAll("img");
        Assert.All(image, i => Assert.Equal("#", i.GetAttribute("src")));
    }

    [Theory]
    [InlineData("[paper](https://arxiv.org/abs/1606.06650)", "https://arxiv.org/abs/1606.06650")]
    [InlineData("[mail](mailto:lab@example.org)", "mailto:lab@example.org")]
    [InlineData("[run](/experiments/exp-abc)", "/experiments/exp-abc")]
    [InlineData("[section](#results)", "#results")]
    [InlineData("<https://example.org/a?b=1>", "https://example.org/a?b=1")]
    public void Links_to_the_web_to_mail_and_within_the_lab_are_kept(string note, string href)
    {
        Assert.Equal(href, Parse(note).QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Headings_start_below_the_pages_own_so_the_router_does_not_focus_a_note()
    {
        var html = Parse("# One\n\n## Two\n\n##### Five");
        Assert.Empty(html.QuerySelectorAll("h1, h2"));
        Assert.Equal(["H3", "H4", "H6"], html.QuerySelectorAll("h3, h4, h5, h6").Select(h => h.TagName));
    }

    private static AngleSharp.Dom.IElement Parse(string markdown) =>
        Parser.ParseDocument($"<body>{NoteMarkdown.ToHtml(markdown)}</body>").Body!;
}
